using Lantern.Dicom.Data;

namespace Lantern.Dicom.Tests.Data;

public sealed class DicomVRTests
{
    [Fact]
    public void All_HoldsTheThirtyFourVRsOfPs35()
    {
        Assert.Equal(34, DicomVR.All.Count);
        Assert.Equal(34, DicomVR.All.Select(v => v.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("OB", true)]
    [InlineData("OD", true)]
    [InlineData("OF", true)]
    [InlineData("OL", true)]
    [InlineData("OV", true)]
    [InlineData("OW", true)]
    [InlineData("SQ", true)]
    [InlineData("SV", true)]
    [InlineData("UC", true)]
    [InlineData("UN", true)]
    [InlineData("UR", true)]
    [InlineData("UT", true)]
    [InlineData("UV", true)]
    [InlineData("PN", false)]
    [InlineData("US", false)]
    [InlineData("FD", false)]
    public void HasLongLength_MatchesPs35Table71(string code, bool expected)
    {
        var vr = DicomVR.Parse(code);

        Assert.Equal(expected, vr.HasLongLength);
        Assert.Equal(expected ? 12 : 8, vr.ExplicitHeaderSize);
    }

    [Theory]
    [InlineData("UI", 0x00)]
    [InlineData("OB", 0x00)]
    [InlineData("PN", 0x20)]
    [InlineData("UT", 0x20)]
    public void PaddingByte_IsNulForUidsAndBinarySpaceForText(string code, byte padding) =>
        Assert.Equal(padding, DicomVR.Parse(code).PaddingByte);

    [Theory]
    [InlineData("AT", 2)]
    [InlineData("OW", 2)]
    [InlineData("FL", 4)]
    [InlineData("OD", 8)]
    [InlineData("SV", 8)]
    [InlineData("OB", 1)]
    [InlineData("LO", 1)]
    public void UnitSize_IsTheByteSwapUnit(string code, int unit) => Assert.Equal(unit, DicomVR.Parse(code).UnitSize);

    [Fact]
    public void TryParse_NotAVR_ReturnsFalse()
    {
        Assert.False(DicomVR.TryParse((byte)'Q', (byte)'Q', out _));
        Assert.False(DicomVR.TryParse(0, 0, out _));
    }

    [Fact]
    public void Default_IsUN() => Assert.Equal(DicomVR.UN, default);
}
