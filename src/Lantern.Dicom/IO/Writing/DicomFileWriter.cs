using System.Buffers.Binary;
using System.IO.Compression;
using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.Writing;

/// <summary>
/// Writes a Part 10 file (PS3.10 §7.1): 128-byte preamble, "DICM", File Meta Information in
/// Explicit VR Little Endian with its group length, then the data set in the chosen syntax.
/// </summary>
internal static class DicomFileWriter
{
    private const int BufferSize = 64 * 1024;

    public static void Write(Stream stream, DicomFile file, TransferSyntax syntax, DicomWriteOptions options)
    {
        var buffered = new BufferedStream(stream, BufferSize);
        buffered.Write(new byte[128]);
        buffered.Write("DICM"u8);
        WriteMeta(buffered, BuildMeta(file, syntax, options));
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(buffered, CompressionLevel.Optimal, leaveOpen: true);
            DicomDatasetWriter.Write(deflate, file.Dataset, syntax, options);
        }
        else
        {
            DicomDatasetWriter.Write(buffered, file.Dataset, syntax, options);
        }

        buffered.Flush();
    }

    /// <summary>Group 0002 for this write: what the file had, with UIDs, syntax and implementation set anew.</summary>
    private static DicomDataset BuildMeta(DicomFile file, TransferSyntax syntax, DicomWriteOptions options)
    {
        var meta = new DicomDataset();
        foreach (var element in file.FileMetaInformation)
        {
            if (element.Tag.Group == 0x0002 && !element.Tag.IsGroupLength)
            {
                meta.Add(element);
            }
        }

        meta.AddOrUpdate(new DicomTag(0x0002, 0x0001), DicomVR.OB, new byte[] { 0x00, 0x01 });
        CopyUid(file.Dataset, new DicomTag(0x0008, 0x0016), meta, new DicomTag(0x0002, 0x0002));
        CopyUid(file.Dataset, new DicomTag(0x0008, 0x0018), meta, new DicomTag(0x0002, 0x0003));
        meta.AddOrUpdate(new DicomTag(0x0002, 0x0010), DicomVR.UI, syntax.Uid);
        meta.AddOrUpdate(new DicomTag(0x0002, 0x0012), DicomVR.UI, DicomImplementation.ClassUid);
        meta.AddOrUpdate(new DicomTag(0x0002, 0x0013), DicomVR.SH, DicomImplementation.VersionName);
        if (options.SourceApplicationEntityTitle is { } source)
        {
            meta.AddOrUpdate(new DicomTag(0x0002, 0x0016), DicomVR.AE, source);
        }

        return meta;
    }

    private static void CopyUid(DicomDataset dataset, DicomTag from, DicomDataset meta, DicomTag to)
    {
        if (dataset.TryGetString(from, out var uid) && uid.Length > 0)
        {
            meta.AddOrUpdate(to, DicomVR.UI, uid);
        }
    }

    private static void WriteMeta(Stream output, DicomDataset meta)
    {
        var groupLength = DicomDatasetWriter.ComputeLength(meta, TransferSyntax.ExplicitVRLittleEndian);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 0x0000);
        header[4] = (byte)'U';
        header[5] = (byte)'L';
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], checked((uint)groupLength));
        output.Write(header);
        DicomDatasetWriter.Write(output, meta, TransferSyntax.ExplicitVRLittleEndian);
    }
}
