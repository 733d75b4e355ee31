using System.Buffers.Binary;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// A Part 10 file and what a raw C-STORE of it needs: its SOP Class and Instance UIDs and its data
/// set's bytes as they go over the wire (in the file's own transfer syntax, after the File Meta Information).
/// </summary>
internal sealed record SampleInstance(string Path, string SopClassUid, string SopInstanceUid, byte[] Dataset)
{
    private const int PreambleAndPrefix = 132;

    // (0002,0000) UL in Explicit VR Little Endian: tag, "UL", 2-byte length, 4-byte value.
    private const int GroupLengthElement = 12;

    public static SampleInstance Read(string path)
    {
        var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
        Assert.True(header.TryGetString(DicomTag.SOPClassUID, out var sopClass), $"{path} has no SOP Class UID");
        Assert.True(header.TryGetString(DicomTag.SOPInstanceUID, out var sopInstance), $"{path} has no SOP Instance UID");
        return new SampleInstance(path, sopClass, sopInstance, DatasetBytes(path));
    }

    /// <summary>The bytes after the File Meta Information of a Part 10 file (whose meta group starts with its group length, as PS3.10 requires).</summary>
    public static byte[] DatasetBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > PreambleAndPrefix + GroupLengthElement && bytes.AsSpan(128, 4).SequenceEqual("DICM"u8), $"{path} is not a Part 10 file");
        var metaLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(PreambleAndPrefix + 8));
        return bytes[(PreambleAndPrefix + GroupLengthElement + (int)metaLength)..];
    }

    /// <summary>
    /// Asserts that <paramref name="receivedPath"/> holds this instance as a DCMTK sender delivers it:
    /// the same SOP Class and Instance UIDs, readable to its end by our reader, and the same pixel data
    /// (the last 512 × 512 × 2 bytes of both files). Byte equality of the data sets is too much to ask:
    /// storescu re-encodes sequences of undefined length with explicit lengths on the way.
    /// </summary>
    public void AssertReceivedAs(string receivedPath)
    {
        var received = DicomFile.Open(receivedPath).Dataset;
        Assert.True(received.TryGetString(DicomTag.SOPClassUID, out var sopClass) && sopClass == SopClassUid, $"{receivedPath}: SOP Class UID {sopClass}");
        Assert.True(received.TryGetString(DicomTag.SOPInstanceUID, out var sopInstance) && sopInstance == SopInstanceUid, $"{receivedPath}: SOP Instance UID {sopInstance}");
        const int pixelBytes = CtSeries.Size * CtSeries.Size * 2;
        var sent = File.ReadAllBytes(Path);
        var stored = File.ReadAllBytes(receivedPath);
        Assert.True(stored.Length >= pixelBytes && sent.AsSpan(sent.Length - pixelBytes).SequenceEqual(stored.AsSpan(stored.Length - pixelBytes)), $"{receivedPath}: pixel data differs from {Path}");
    }

    /// <summary>A fresh UID ("2.25." and a random 128-bit number), for a command whose instance must never be stored.</summary>
    public static string FreshUid() => DicomUid.Generate().Value;
}
