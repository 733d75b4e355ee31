using Lantern.Dicom.Data;

namespace Lantern.Dicom.Tests.Data;

public sealed class DicomTagTests
{
    [Theory]
    [InlineData("(0010,0010)")]
    [InlineData("0010,0010")]
    [InlineData("00100010")]
    public void Parse_AcceptedForms_GivePatientName(string text) => Assert.Equal(DicomTag.PatientName, DicomTag.Parse(text));

    [Fact]
    public void Parse_Garbage_Throws() => Assert.Throws<FormatException>(() => DicomTag.Parse("(0010,00G0)"));

    [Fact]
    public void PrivateTags_KnowTheirCreatorElement()
    {
        var tag = new DicomTag(0x0029, 0x1010, "SIEMENS CSA HEADER");

        Assert.True(tag.IsPrivate);
        Assert.False(tag.IsPrivateCreator);
        Assert.Equal(new DicomTag(0x0029, 0x0010), tag.PrivateCreatorTag);
        Assert.True(new DicomTag(0x0029, 0x0010).IsPrivateCreator);
        Assert.False(DicomTag.PatientName.IsPrivate);
    }

    [Fact]
    public void CompareTo_OrdersByGroupThenElement()
    {
        Assert.True(new DicomTag(0x0008, 0xFFFF) < new DicomTag(0x0010, 0x0000));
        Assert.Equal("(7FE0,0010)", new DicomTag(0x7FE0, 0x0010).ToString());
        Assert.Equal("7FE00010", new DicomTag(0x7FE0, 0x0010).ToHexString());
    }
}
