namespace Lantern.Dicom.IO.Buffers;

/// <summary>
/// The bytes of one value, always held in little-endian order whatever the transfer syntax they
/// came from. Either in memory or left in its file until first use (large Pixel Data).
/// </summary>
public abstract class DicomBuffer
{
    public static DicomBuffer Empty { get; } = new MemoryDicomBuffer(ReadOnlyMemory<byte>.Empty);

    public abstract long Length { get; }

    /// <summary>The bytes; a lazy buffer reads its file on first access.</summary>
    public abstract ReadOnlyMemory<byte> Memory { get; }

    /// <summary>Whether the bytes are in memory now (false only for a lazy buffer never touched).</summary>
    public abstract bool IsLoaded { get; }

    /// <summary>Writes the bytes without loading a lazy buffer into memory as a whole.</summary>
    public abstract void CopyTo(Stream destination);

    public static DicomBuffer FromBytes(ReadOnlyMemory<byte> bytes) =>
        bytes.IsEmpty ? Empty : new MemoryDicomBuffer(bytes);
}
