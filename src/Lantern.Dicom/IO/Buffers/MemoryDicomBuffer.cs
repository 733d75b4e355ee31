namespace Lantern.Dicom.IO.Buffers;

/// <summary>A value held in memory.</summary>
public sealed class MemoryDicomBuffer(ReadOnlyMemory<byte> bytes) : DicomBuffer
{
    public override long Length => bytes.Length;

    public override ReadOnlyMemory<byte> Memory => bytes;

    public override bool IsLoaded => true;

    public override void CopyTo(Stream destination) => destination.Write(bytes.Span);
}
