using System.Text.Json;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.Serialization;
using Xunit;

namespace Lantern.Dicom.Tests.Serialization;

public sealed class DicomJsonWriterTests
{
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    [Fact]
    public void Write_PersonNameWithThreeGroups_WritesObjectPerGroup()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.AddOrUpdate(PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");

        var value = Element(dataset, "00100010").GetProperty("Value")[0];

        Assert.Equal("Yamada^Tarou", value.GetProperty("Alphabetic").GetString());
        Assert.Equal("山田^太郎", value.GetProperty("Ideographic").GetString());
        Assert.Equal("やまだ^たろう", value.GetProperty("Phonetic").GetString());
    }

    [Fact]
    public void Write_PersonNameWithEmptyGroupsOrComponents_OmitsThem()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(PatientName, DicomVR.PN, "Doe^John==doe^john\\\\=Ideo\\^^^^=^^\\Doe^^Jr^^");

        var values = Element(dataset, "00100010").GetProperty("Value");

        Assert.Equal("""{"Alphabetic":"Doe^John","Phonetic":"doe^john"}""", values[0].GetRawText());
        Assert.Equal(JsonValueKind.Null, values[1].ValueKind);
        Assert.Equal("""{"Ideographic":"Ideo"}""", values[2].GetRawText());
        Assert.Equal(JsonValueKind.Null, values[3].ValueKind);
        Assert.Equal("""{"Alphabetic":"Doe^^Jr"}""", values[4].GetRawText());
    }

    [Fact]
    public void Write_AttributeTag_WritesEightUppercaseHexDigits()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0028, 0x0009), new DicomTag(0x0018, 0x1063), new DicomTag(0x7FE0, 0x000A));

        var element = Element(dataset, "00280009");

        Assert.Equal("AT", element.GetProperty("vr").GetString());
        Assert.Equal("""["00181063","7FE0000A"]""", element.GetProperty("Value").GetRawText());
    }

    [Fact]
    public void Write_DecimalString_WritesNumberTextAsStored()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x0050), DicomVR.DS, "1.50", "+2", " .5", "-0", "1e3", "0012.0", "7.");

        var value = Element(dataset, "00180050").GetProperty("Value");

        Assert.Equal("[1.50,2,0.5,-0,1e3,12.0,7]", value.GetRawText());
    }

    [Fact]
    public void Write_DecimalStringThatIsNotANumber_WritesString()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x0050), DicomVR.DS, "abc", "1.5", "1e", "--1");

        var value = Element(dataset, "00180050").GetProperty("Value");

        Assert.Equal("""["abc",1.5,"1e","--1"]""", value.GetRawText());
    }

    [Fact]
    public void Write_IntegerString_WritesNumbers()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0020, 0x0013), DicomVR.IS, "+5", "007", " -3", "1.5");

        var value = Element(dataset, "00200013").GetProperty("Value");

        Assert.Equal("""[5,7,-3,"1.5"]""", value.GetRawText());
    }

    [Theory]
    [InlineData("1.50", false, "1.50")]
    [InlineData("-.25E-07", false, "-0.25E-07")]
    [InlineData("000", true, "0")]
    [InlineData("1.e5", false, "1e5")]
    [InlineData(".", false, null)]
    [InlineData("1.5", true, null)]
    [InlineData("NaN", false, null)]
    [InlineData("1 2", false, null)]
    public void ToJsonNumber_DecimalOrIntegerText_NormalizesOnlyWhatJsonForbids(string text, bool integer, string? expected)
    {
        Assert.Equal(expected, DicomJsonWriter.ToJsonNumber(text, integer));
    }

    [Fact]
    public void Write_BinaryNumbers_WritesJsonNumbers()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)512, (ushort)65535);
        dataset.AddOrUpdate(new DicomTag(0x0028, 0x0106), DicomVR.SS, (short)-2000);
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x9089), DicomVR.FD, 0.1, -2.5e300);
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x9087), DicomVR.FL, 0.1f);
        dataset.AddOrUpdate(new DicomTag(0x0072, 0x0082), DicomVR.SV, long.MinValue);
        dataset.AddOrUpdate(new DicomTag(0x0072, 0x0083), DicomVR.UV, ulong.MaxValue);

        var json = Parse(dataset);

        Assert.Equal("[512,65535]", json.GetProperty("00280010").GetProperty("Value").GetRawText());
        Assert.Equal("[-2000]", json.GetProperty("00280106").GetProperty("Value").GetRawText());
        Assert.Equal("[0.1,-2.5E+300]", json.GetProperty("00189089").GetProperty("Value").GetRawText());
        Assert.Equal(0.1f, json.GetProperty("00189087").GetProperty("Value")[0].GetSingle());
        Assert.Equal("[-9223372036854775808]", json.GetProperty("00720082").GetProperty("Value").GetRawText());
        Assert.Equal("[18446744073709551615]", json.GetProperty("00720083").GetProperty("Value").GetRawText());
    }

    [Fact]
    public void Write_FloatNaNAndInfinity_WritesStrings()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0018, 0x9089), DicomVR.FD, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.0);

        var value = Element(dataset, "00189089").GetProperty("Value");

        Assert.Equal("""["NaN","Infinity","-Infinity",1]""", value.GetRawText());
    }

    [Fact]
    public void Write_OtherByte_WritesInlineBinary()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ACME");
        dataset.AddOrUpdate(new DicomTag(0x0009, 0x1001), DicomVR.UN, new byte[] { 1, 2, 3 });
        dataset.AddOrUpdate(new DicomTag(0x0042, 0x0011), DicomVR.OB, new byte[] { 0xFF, 0x00 });

        var json = Parse(dataset);

        Assert.Equal("UN", json.GetProperty("00091001").GetProperty("vr").GetString());
        Assert.Equal([1, 2, 3], json.GetProperty("00091001").GetProperty("InlineBinary").GetBytesFromBase64());
        Assert.Equal([0xFF, 0x00], json.GetProperty("00420011").GetProperty("InlineBinary").GetBytesFromBase64());
        Assert.False(json.GetProperty("00420011").TryGetProperty("Value", out _));
    }

    [Fact]
    public void Write_WordValue_WritesLittleEndianBytes()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(PixelData, DicomVR.OW, (ushort)0x0102, (ushort)0xA0B0);

        var bytes = Element(dataset, "7FE00010").GetProperty("InlineBinary").GetBytesFromBase64();

        Assert.Equal([0x02, 0x01, 0xB0, 0xA0], bytes);
    }

    [Fact]
    public void Write_NestedSequence_WritesItemsWithInheritedCharacterSet()
    {
        var inner = new DicomDataset();
        var outer = new DicomDataset();
        outer.AddOrUpdate(new DicomTag(0x0008, 0x0100), DicomVR.SH, "C1");
        outer.Add(new DicomSequence(new DicomTag(0x0040, 0xA043), inner));
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.Add(new DicomSequence(new DicomTag(0x0040, 0xA730), outer, new DicomDataset()));

        // Encoded with the character set the item inherits once it is in place.
        inner.AddOrUpdate(new DicomTag(0x0008, 0x0104), DicomVR.LO, "Ωmega");

        var element = Element(dataset, "0040A730");

        Assert.Equal("SQ", element.GetProperty("vr").GetString());
        var items = element.GetProperty("Value");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("C1", items[0].GetProperty("00080100").GetProperty("Value")[0].GetString());
        Assert.Equal("Ωmega", items[0].GetProperty("0040A043").GetProperty("Value")[0].GetProperty("00080104").GetProperty("Value")[0].GetString());
        Assert.Equal("{}", items[1].GetRawText());
    }

    [Fact]
    public void Write_EmptySequence_OmitsValue()
    {
        var dataset = new DicomDataset();
        dataset.Add(new DicomSequence(new DicomTag(0x0008, 0x1140)));

        Assert.Equal("""{"00081140":{"vr":"SQ"}}""", DicomJsonWriter.Serialize(dataset));
    }

    [Fact]
    public void Write_EmptyOrPaddingOnlyValue_OmitsValue()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0050), DicomVR.SH, Array.Empty<string>());
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0020), DicomVR.DA, " ");
        dataset.AddOrUpdate(new DicomTag(0x0028, 0x0010), DicomVR.US, Array.Empty<ushort>());

        Assert.Equal(
            """{"00080020":{"vr":"DA"},"00080050":{"vr":"SH"},"00280010":{"vr":"US"}}""",
            DicomJsonWriter.Serialize(dataset));
    }

    [Fact]
    public void Write_EmptyValueAmongSeveral_WritesNull()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL", "", "AXIAL", " ");

        var value = Element(dataset, "00080008").GetProperty("Value");

        Assert.Equal("""["ORIGINAL",null,"AXIAL",null]""", value.GetRawText());
    }

    [Fact]
    public void Write_TextOfSingleValuedVR_KeepsBackslashAndLeadingSpaces()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0010, 0x4000), DicomVR.LT, "  a\\b  ");

        var value = Element(dataset, "00104000").GetProperty("Value");

        Assert.Equal("""["  a\\b"]""", value.GetRawText());
    }

    [Fact]
    public void Write_EncapsulatedPixelData_WritesItemsAndDelimiterAsStored()
    {
        var dataset = new DicomDataset();
        dataset.Add(new DicomFragmentSequence(
            PixelData,
            DicomVR.OB,
            DicomBuffer.FromBytes(new byte[] { 0, 0, 0, 0 }),
            [DicomBuffer.FromBytes(new byte[] { 0xFF, 0xD8, 0xFF }), DicomBuffer.FromBytes(new byte[] { 1, 2 })]));

        var bytes = Element(dataset, "7FE00010").GetProperty("InlineBinary").GetBytesFromBase64();

        byte[] expected =
        [
            0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0, 0, 0, 0,
            0xFE, 0xFF, 0x00, 0xE0, 3, 0, 0, 0, 0xFF, 0xD8, 0xFF,
            0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 1, 2,
            0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal("OB", Element(dataset, "7FE00010").GetProperty("vr").GetString());
    }

    [Fact]
    public void Write_Keys_AreAscendingUppercaseHex()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, new byte[] { 1, 2 });
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");
        dataset.AddOrUpdate(new DicomTag(0x0029, 0x00AB), DicomVR.LO, "X");

        var keys = Parse(dataset).EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(["00080060", "002900AB", "7FE00010"], keys);
    }

    [Fact]
    public void Write_GroupLength_OmittedUnlessAsked()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0000), DicomVR.UL, 10u);
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");

        Assert.DoesNotContain("00080000", DicomJsonWriter.Serialize(dataset), StringComparison.Ordinal);
        Assert.Contains("\"00080000\":{\"vr\":\"UL\",\"Value\":[10]}", DicomJsonWriter.Serialize(dataset, new DicomJsonOptions { IncludeGroupLengths = true }), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FileMetaInformation_IncludedOnlyWhenAsked()
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(new DicomTag(0x0002, 0x0010), DicomVR.UI, TransferSyntax.ExplicitVRLittleEndian.Uid);
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0001, 0x0001), DicomVR.LO, "below group 2");
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");
        var file = new DicomFile(meta, dataset, TransferSyntax.ExplicitVRLittleEndian);

        var without = JsonDocument.Parse(DicomJsonWriter.Serialize(file)).RootElement;
        var with = JsonDocument.Parse(DicomJsonWriter.Serialize(file, new DicomJsonOptions { IncludeFileMetaInformation = true })).RootElement;

        Assert.False(without.TryGetProperty("00020010", out _));
        Assert.Equal(["00010001", "00020010", "00080060"], with.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Write_Indented_WritesOneMemberPerLine()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");

        var text = DicomJsonWriter.Serialize(dataset, new DicomJsonOptions { Indented = true });

        Assert.Contains("\n  \"00080060\": {\n    \"vr\": \"CS\",", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LargeValueLeftInFile_StreamsItsBytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            var pixels = new byte[300_001];
            new Random(7).NextBytes(pixels);
            var dataset = new DicomDataset();
            dataset.AddOrUpdate(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            dataset.AddOrUpdate(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.3.4");
            dataset.AddOrUpdate(PixelData, DicomVR.OB, pixels);
            new DicomFile(new DicomDataset(), dataset, TransferSyntax.ExplicitVRLittleEndian).Save(path);

            var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            var element = (DicomValueElement)file.Dataset[PixelData]!;
            Assert.False(element.Buffer.IsLoaded);
            using var output = new MemoryStream();
            DicomJsonWriter.Write(output, file);

            var json = JsonDocument.Parse(output.ToArray()).RootElement;
            var bytes = json.GetProperty("7FE00010").GetProperty("InlineBinary").GetBytesFromBase64();
            Assert.Equal(pixels.Length + 1, bytes.Length);
            Assert.True(bytes.AsSpan(0, pixels.Length).SequenceEqual(pixels));
            Assert.False(element.Buffer.IsLoaded);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static JsonElement Parse(DicomDataset dataset) => JsonDocument.Parse(DicomJsonWriter.Serialize(dataset)).RootElement;

    private static JsonElement Element(DicomDataset dataset, string key) => Parse(dataset).GetProperty(key);
}
