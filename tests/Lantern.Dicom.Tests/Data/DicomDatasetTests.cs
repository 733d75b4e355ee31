using Lantern.Dicom.Data;

namespace Lantern.Dicom.Tests.Data;

public sealed class DicomDatasetTests
{
    [Fact]
    public void Add_OutOfOrder_EnumeratesInTagOrder()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.PatientName, "Doe^John");
        dataset.AddOrUpdate(DicomTag.Modality, "CT");
        dataset.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)512);

        Assert.Equal([DicomTag.Modality, DicomTag.PatientName, DicomTag.Rows], dataset.Select(e => e.Tag));
    }

    [Fact]
    public void Add_ExistingTag_Throws()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.Modality, "CT");
        var duplicate = new DicomValueElement(DicomTag.Modality, DicomVR.CS, Lantern.Dicom.IO.Buffers.DicomBuffer.Empty);

        Assert.Throws<DicomDataException>(() => dataset.Add(duplicate));
    }

    [Fact]
    public void GetStrings_MultiValuedWithPadding_SplitsAndTrims()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL ");

        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], dataset.GetStrings(DicomTag.ImageType));
        Assert.Equal(3, dataset.GetValueCount(DicomTag.ImageType));
    }

    [Fact]
    public void GetValues_DecimalString_ParsesEveryValue()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, " 0.703125\\0.703125 ");

        Assert.Equal([0.703125, 0.703125], dataset.GetValues<double>(DicomTag.PixelSpacing));
    }

    [Fact]
    public void AddOrUpdate_NumbersAsDecimalString_StaysWithinSixteenCharacters()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, 1.0 / 3.0);

        var text = dataset.GetString(DicomTag.SliceThickness);
        Assert.True(text.Length <= 16, text);
        Assert.Equal(1.0 / 3.0, dataset.GetValue<double>(DicomTag.SliceThickness), 1e-12);
    }

    [Fact]
    public void GetValue_UnsignedShortAsInt_Widens()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)512);

        Assert.Equal(512, dataset.GetValue<int>(DicomTag.Rows));
    }

    [Fact]
    public void GetValue_IntegerStringWithSign_Parses()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, "-12 ");

        Assert.Equal(-12, dataset.GetValue<int>(DicomTag.InstanceNumber));
    }

    [Fact]
    public void GetValue_Missing_ThrowsNamingTag()
    {
        var error = Assert.Throws<DicomDataException>(() => new DicomDataset().GetValue<int>(DicomTag.Rows));

        Assert.Equal(DicomTag.Rows, error.Tag);
    }

    [Fact]
    public void GetValue_TextThatIsNotANumber_ThrowsDicomDataException()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, "twelve");

        Assert.Throws<DicomDataException>(() => dataset.GetValue<int>(DicomTag.InstanceNumber));
    }

    [Fact]
    public void DateTimeValues_RoundTripThroughTheirVRs()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.StudyDate, new DateOnly(2026, 11, 22));
        dataset.AddOrUpdate(DicomTag.StudyTime, new TimeOnly(14, 5, 9, 250));
        dataset.AddOrUpdate(DicomTag.AcquisitionDateTime, new DateTimeOffset(2026, 11, 22, 14, 5, 9, TimeSpan.FromHours(-5)));

        Assert.Equal("20261122", dataset.GetString(DicomTag.StudyDate));
        Assert.Equal("140509.250000", dataset.GetString(DicomTag.StudyTime));
        Assert.Equal("20261122140509-0500", dataset.GetString(DicomTag.AcquisitionDateTime));
        Assert.Equal(new DateOnly(2026, 11, 22), dataset.GetDate(DicomTag.StudyDate));
        Assert.Equal(new TimeOnly(14, 5, 9, 250), dataset.GetTime(DicomTag.StudyTime));
        Assert.Equal(TimeSpan.FromHours(-5), dataset.GetDateTime(DicomTag.AcquisitionDateTime).Offset);
    }

    [Theory]
    [InlineData("0930", 9, 30, 0)]
    [InlineData("07", 7, 0, 0)]
    [InlineData("12:01:02", 12, 1, 2)]
    public void GetTime_PartialAndLegacyForms_Parse(string text, int hour, int minute, int second)
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.StudyTime, DicomVR.TM, text);

        Assert.Equal(new TimeOnly(hour, minute, second), dataset.GetTime(DicomTag.StudyTime));
    }

    [Fact]
    public void GetDateTime_NoOffset_UsesTimezoneOffsetFromUtc()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.TimezoneOffsetFromUTC, DicomVR.SH, "+0100");
        dataset.AddOrUpdate(DicomTag.AcquisitionDateTime, DicomVR.DT, "202611");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)), dataset.GetDateTime(DicomTag.AcquisitionDateTime));
    }

    [Fact]
    public void GetPersonName_ThreeComponentGroups_SplitsComponents()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        dataset.AddOrUpdate(DicomTag.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");

        var name = dataset.GetPersonName(DicomTag.PatientName);

        Assert.Equal("Yamada", name.FamilyName);
        Assert.Equal("Tarou", name.GivenName);
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
    }

    [Fact]
    public void SequenceItem_WithoutOwnCharacterSet_InheritsEnclosingOne()
    {
        var item = new DicomDataset();
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        dataset.Add(new DicomSequence(DicomTag.ReferencedStudySequence, item));
        item.AddOrUpdate(DicomTag.PatientName, "Müller^Jörg");

        Assert.Equal("Müller^Jörg", item.GetString(DicomTag.PatientName));
        Assert.Equal("ISO_IR 192", Assert.Single(item.CharacterSet.Terms));
    }

    [Fact]
    public void GetPrivateTag_NewCreator_ReservesFirstFreeBlock()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0029, 0x0010), DicomVR.LO, "OTHER VENDOR");

        var tag = dataset.GetPrivateTag(0x0029, "LANTERN", 0x01);
        dataset.AddOrUpdate(tag, DicomVR.LO, "value");

        Assert.Equal(new DicomTag(0x0029, 0x1101, "LANTERN"), tag);
        Assert.Equal("LANTERN", dataset.GetString(new DicomTag(0x0029, 0x0011)));
        Assert.Equal("LANTERN", dataset.GetPrivateCreator(new DicomTag(0x0029, 0x1101)));
        Assert.Equal(tag, dataset.GetPrivateTag(0x0029, "LANTERN", 0x01, reserve: false));
    }

    [Fact]
    public void GetTags_AttributeTagValues_DecodeGroupThenElement()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.FrameIncrementPointer, DicomTag.FrameTime, DicomTag.SliceLocation);

        Assert.Equal([DicomTag.FrameTime, DicomTag.SliceLocation], dataset.GetTags(DicomTag.FrameIncrementPointer));
    }
}
