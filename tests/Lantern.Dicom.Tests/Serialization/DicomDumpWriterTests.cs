using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;
using Lantern.Dicom.Serialization;
using Xunit;

namespace Lantern.Dicom.Tests.Serialization;

public sealed class DicomDumpWriterTests
{
    [Fact]
    public void Format_File_PrintsMetaInformationFirstThenDataSet()
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(new DicomTag(0x0002, 0x0010), DicomVR.UI, TransferSyntax.ExplicitVRLittleEndian.Uid);
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");

        var lines = Lines(new DicomFile(meta, dataset, TransferSyntax.ExplicitVRLittleEndian));

        Assert.Equal("# File Meta Information", lines[0]);
        Assert.StartsWith("(0002,0010) UI [1.2.840.10008.1.2.1]", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("#    19, 1 TransferSyntaxUID", lines[1], StringComparison.Ordinal);
        Assert.Equal("# Data set: Explicit VR Little Endian [1.2.840.10008.1.2.1]", lines[3]);
        Assert.StartsWith("(0008,0060) CS [CT]", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("#     2, 1 Modality", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NestedSequence_IndentsItemsAndTheirElements()
    {
        var inner = new DicomDataset();
        inner.AddOrUpdate(new DicomTag(0x0008, 0x0100), DicomVR.SH, "T-D1100");
        var dataset = new DicomDataset();
        dataset.Add(new DicomSequence(new DicomTag(0x0008, 0x2218), inner));

        var lines = Lines(new DicomFile(new DicomDataset(), dataset, TransferSyntax.ImplicitVRLittleEndian));

        Assert.Contains(lines, l => l.StartsWith("(0008,2218) SQ (1 item)", StringComparison.Ordinal) && l.EndsWith("1 AnatomicRegionSequence", StringComparison.Ordinal));
        Assert.Contains("  (FFFE,E000) na (item 1 of 1, 1 element)", lines);
        Assert.Contains(lines, l => l.StartsWith("    (0008,0100) SH [T-D1100]", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_LongAndBulkValues_AreCut()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0010, 0x4000), DicomVR.LT, new string('x', 200) + "\r\nend");
        dataset.AddOrUpdate(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, Enumerable.Range(0, 1000).Select(i => (ushort)i).ToArray());

        var lines = Lines(new DicomFile(new DicomDataset(), dataset, TransferSyntax.ExplicitVRLittleEndian));

        Assert.Contains(lines, l => l.StartsWith($"(0010,4000) LT [{new string('x', 64)}...]", StringComparison.Ordinal) && l.EndsWith("#   205, 1 PatientComments", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("(7FE0,0010) OW 0000\\0001\\0002\\", StringComparison.Ordinal) && l.Contains("...", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_EncapsulatedPixelData_ListsFragments()
    {
        var dataset = new DicomDataset();
        dataset.Add(new DicomFragmentSequence(
            new DicomTag(0x7FE0, 0x0010), DicomVR.OB, DicomBuffer.Empty,
            [DicomBuffer.FromBytes(new byte[] { 0xFF, 0xD8 }), DicomBuffer.FromBytes(new byte[] { 0xFF, 0xD9 })]));

        var lines = Lines(new DicomFile(new DicomDataset(), dataset, TransferSyntax.Lookup("1.2.840.10008.1.2.4.50")));

        Assert.Contains(lines, l => l.StartsWith("(7FE0,0010) OB (encapsulated: 2 fragments)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  (FFFE,E000) pi (fragment 2) ff\\d9", StringComparison.Ordinal));
    }

    private static string[] Lines(DicomFile file) => DicomDumpWriter.Format(file).ReplaceLineEndings("\n").Split('\n');
}
