using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.IO.Writing;

namespace Lantern.Dicom.Tests.IO.Reading;

public sealed class DicomReaderTests
{
    public static TheoryData<string> Syntaxes => new(TransferSyntax.Uncompressed.Select(s => s.Uid));

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Open_LargeValueThreshold_LeavesPixelDataInFileUntilUsed(string syntaxUid)
    {
        var syntax = TransferSyntax.Lookup(syntaxUid);
        var path = Path.GetTempFileName();
        try
        {
            SampleImage().Save(path, syntax);

            var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            var pixels = Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]);

            Assert.Equal(!syntax.IsDeflated, pixels.Buffer is FileDicomBuffer);
            Assert.Equal(syntax.IsDeflated, pixels.Buffer.IsLoaded);
            Assert.Equal(PixelValues(), file.Dataset.GetValues<ushort>(DicomTag.PixelData));
            Assert.True(pixels.Buffer.IsLoaded);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_LazyBigEndianValue_CopiesSwappedWithoutLoading()
    {
        var path = Path.GetTempFileName();
        try
        {
            SampleImage().Save(path, TransferSyntax.ExplicitVRBigEndian);
            var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            var buffer = Assert.IsType<DicomValueElement>(file.Dataset[DicomTag.PixelData]).Buffer;

            using var copy = new MemoryStream();
            buffer.CopyTo(copy);

            Assert.False(buffer.IsLoaded);
            Assert.Equal(PixelValues(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(copy.ToArray()).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_StopBeforePixelData_ReadsHeaderOnly()
    {
        var file = ReadBack(SampleImage(), TransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { StopBeforePixelData = true });

        Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal(64, file.Dataset.GetValue<int>(DicomTag.Rows));
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Read_BareDatasetWithoutPreambleOrMeta_GuessesSyntax(string syntaxUid)
    {
        var syntax = TransferSyntax.Lookup(syntaxUid);
        if (syntax.IsDeflated)
        {
            return; // a deflated data set cannot be recognised without the meta information naming it
        }

        using var stream = new MemoryStream();
        DicomDatasetWriter.Write(stream, SampleImage().Dataset, syntax);
        stream.Position = 0;

        var file = DicomFile.Read(stream);

        Assert.Equal(syntax, file.TransferSyntax);
        Assert.Empty(file.FileMetaInformation);
        Assert.Equal("Doe^Jane", file.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal(PixelValues(), file.Dataset.GetValues<ushort>(DicomTag.PixelData));
    }

    [Fact]
    public void Read_NotDicom_ThrowsNamingWhy()
    {
        var error = Assert.Throws<DicomReadException>(() => DicomFile.Read(new MemoryStream("%PDF-1.7 not an image at all"u8.ToArray())));

        Assert.Contains("not DICOM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SequencesDefinedAndUndefinedLengths_NestedItemsRoundTrip()
    {
        foreach (var undefined in new[] { true, false })
        {
            var file = ReadBack(SampleImage(), TransferSyntax.ExplicitVRLittleEndian, DicomReadOptions.Default, new DicomWriteOptions { UndefinedSequenceLengths = undefined });

            var outer = file.Dataset.GetSequence(DicomTag.ReferencedStudySequence);
            var inner = Assert.Single(outer.Items).GetSequence(DicomTag.ReferencedSeriesSequence);
            Assert.Equal(2, inner.Items.Count);
            Assert.Equal("1.2.3.2", inner.Items[1].GetString(DicomTag.SeriesInstanceUID));
        }
    }

    [Fact]
    public void Read_PrivateElementsInImplicitVR_ResolveCreatorAndDictionaryVR()
    {
        var dataset = SampleImage().Dataset;
        var tag = dataset.GetPrivateTag(0x0019, "GEMS_ACQU_01", 0x10);
        dataset.AddOrUpdate(tag, DicomVR.LO, "SCANNER");

        var file = ReadBack(new DicomFile(new DicomDataset(), dataset, TransferSyntax.ImplicitVRLittleEndian), TransferSyntax.ImplicitVRLittleEndian, DicomReadOptions.Default);
        var element = file.Dataset[new DicomTag(0x0019, 0x1010)];

        Assert.NotNull(element);
        Assert.Equal("GEMS_ACQU_01", element.Tag.PrivateCreator);
        Assert.Equal("GEMS_ACQU_01", file.Dataset.GetPrivateCreator(element.Tag));
    }

    [Fact]
    public void Write_FileMetaInformation_HasGroupLengthImplementationAndUids()
    {
        using var stream = new MemoryStream();
        SampleImage().Write(stream, TransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { SourceApplicationEntityTitle = "SCANNER1" });
        stream.Position = 0;

        var meta = DicomFile.Read(stream).FileMetaInformation;

        var length = meta.GetValue<uint>(new DicomTag(0x0002, 0x0000));
        var actual = meta.Where(e => !e.Tag.IsGroupLength).Sum(e => ((DicomValueElement)e).Length + e.VR.ExplicitHeaderSize);
        Assert.Equal(actual, length);
        Assert.Equal(DicomImplementation.ClassUid, meta.GetString(DicomTag.ImplementationClassUID));
        Assert.Equal(DicomImplementation.VersionName, meta.GetString(DicomTag.ImplementationVersionName));
        Assert.Equal("1.2.3.4.5", meta.GetString(DicomTag.MediaStorageSOPInstanceUID));
        Assert.Equal(DicomUid.CTImageStorage.Value, meta.GetString(DicomTag.MediaStorageSOPClassUID));
        Assert.Equal("SCANNER1", meta.GetString(DicomTag.SourceApplicationEntityTitle));
    }

    [Fact]
    public void Write_OddLengthValues_ArePaddedByVR()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3");
        dataset.AddOrUpdate(DicomTag.PatientName, DicomVR.PN, "Doe");
        using var stream = new MemoryStream();

        DicomDatasetWriter.Write(stream, dataset, TransferSyntax.ExplicitVRLittleEndian);

        var bytes = stream.ToArray();
        Assert.Equal((byte)0, bytes[8 + 5]);
        Assert.Equal((byte)' ', bytes[^1]);
        Assert.Equal(0, bytes.Length % 2);
    }

    [Fact]
    public void Write_BigEndian_SwapsNumbersByVRButNotBytes()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)0x0102);
        dataset.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, "0.5\\0.5");
        using var stream = new MemoryStream();

        DicomDatasetWriter.Write(stream, dataset, TransferSyntax.ExplicitVRBigEndian);

        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0x00, 0x28, 0x00, 0x10, (byte)'U', (byte)'S', 0x00, 0x02, 0x01, 0x02 }, bytes[..10]);
        Assert.Equal(new byte[] { 0x00, 0x28, 0x00, 0x30, (byte)'D', (byte)'S', 0x00, 0x08 }, bytes[10..18]);
        Assert.Equal("0.5\\0.5 "u8.ToArray(), bytes[18..]);
    }

    private static DicomFile ReadBack(DicomFile file, TransferSyntax syntax, DicomReadOptions options, DicomWriteOptions? writeOptions = null)
    {
        using var stream = new MemoryStream();
        file.Write(stream, syntax, writeOptions);
        stream.Position = 0;
        return DicomFile.Read(stream, options);
    }

    private static ushort[] PixelValues() => [.. Enumerable.Range(0, 64 * 64).Select(i => (ushort)(i * 7))];

    private static DicomFile SampleImage()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, DicomUid.CTImageStorage.Value);
        dataset.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5");
        dataset.AddOrUpdate(DicomTag.PatientName, "Doe^Jane");
        dataset.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)64);
        dataset.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)64);
        dataset.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
        dataset.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)0);
        var series = new[] { "1.2.3.1", "1.2.3.2" }.Select(uid =>
        {
            var item = new DicomDataset();
            item.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomVR.UI, uid);
            return item;
        });
        var study = new DicomDataset();
        study.Add(new DicomSequence(DicomTag.ReferencedSeriesSequence, series));
        dataset.Add(new DicomSequence(DicomTag.ReferencedStudySequence, study));
        dataset.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, PixelValues());
        return new DicomFile(new DicomDataset(), dataset, TransferSyntax.ExplicitVRLittleEndian);
    }
}
