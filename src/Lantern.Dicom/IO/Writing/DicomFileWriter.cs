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
        var sopClass = file.Dataset.TryGetString(DicomTag.SOPClassUID, out var sopClassUid) ? sopClassUid : null;
        var sopInstance = file.Dataset.TryGetString(DicomTag.SOPInstanceUID, out var sopInstanceUid) ? sopInstanceUid : null;
        WriteHeader(buffered, BuildMeta(file.FileMetaInformation, sopClass, sopInstance, syntax, options.SourceApplicationEntityTitle));
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

    /// <summary>
    /// Group 0002 for a write: what the file had, with the SOP UIDs, syntax and implementation set
    /// anew (empty or null UIDs are left out).
    /// </summary>
    public static DicomDataset BuildMeta(DicomDataset existing, string? sopClassUid, string? sopInstanceUid, TransferSyntax syntax, string? sourceApplicationEntityTitle)
    {
        var meta = new DicomDataset();
        foreach (var element in existing)
        {
            if (element.Tag.Group == 0x0002 && !element.Tag.IsGroupLength)
            {
                meta.Add(element);
            }
        }

        meta.AddOrUpdate(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 });
        if (!string.IsNullOrEmpty(sopClassUid))
        {
            meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, sopClassUid);
        }

        if (!string.IsNullOrEmpty(sopInstanceUid))
        {
            meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        }

        meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.AddOrUpdate(DicomTag.ImplementationClassUID, DicomVR.UI, DicomImplementation.ClassUid);
        meta.AddOrUpdate(DicomTag.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);
        if (!string.IsNullOrEmpty(sourceApplicationEntityTitle))
        {
            meta.AddOrUpdate(DicomTag.SourceApplicationEntityTitle, DicomVR.AE, sourceApplicationEntityTitle);
        }

        return meta;
    }

    /// <summary>The 128-byte preamble, "DICM" and the File Meta Information with its group length.</summary>
    public static void WriteHeader(Stream output, DicomDataset meta)
    {
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        WriteMeta(output, meta);
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
