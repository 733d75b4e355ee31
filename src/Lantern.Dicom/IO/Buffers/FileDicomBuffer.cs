using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Lantern.Dicom.IO.Buffers;

/// <summary>
/// A value left in its file and read on first use, so that a reader can look at the header of a
/// large instance without paying for its pixel data. The file must not change while this lives.
/// </summary>
public sealed class FileDicomBuffer : DicomBuffer
{
    private const int ChunkSize = 1 << 20;
    private readonly string _path;
    private readonly long _offset;
    private readonly int _swapUnit;
    private readonly Lock _gate = new();
    private byte[]? _loaded;

    /// <param name="swapUnit">Bytes per number to swap when the file is big endian; 1 for none.</param>
    public FileDicomBuffer(string path, long offset, long length, int swapUnit)
    {
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A value larger than an array cannot be loaded.");
        }

        _path = path;
        _offset = offset;
        Length = length;
        _swapUnit = swapUnit;
    }

    public override long Length { get; }

    public override bool IsLoaded => Volatile.Read(ref _loaded) is not null;

    public override ReadOnlyMemory<byte> Memory
    {
        get
        {
            var loaded = Volatile.Read(ref _loaded);
            if (loaded is not null)
            {
                return loaded;
            }

            lock (_gate)
            {
                if (_loaded is null)
                {
                    var bytes = GC.AllocateUninitializedArray<byte>((int)Length);
                    using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
                    ReadExactly(handle, _offset, bytes);
                    ByteSwap.InPlace(bytes, _swapUnit);
                    Volatile.Write(ref _loaded, bytes);
                }

                return _loaded;
            }
        }
    }

    public override void CopyTo(Stream destination)
    {
        var loaded = Volatile.Read(ref _loaded);
        if (loaded is not null)
        {
            destination.Write(loaded);
            return;
        }

        var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, Math.Max(Length, 1)));
        try
        {
            using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
            for (long done = 0; done < Length;)
            {
                var span = chunk.AsSpan(0, (int)Math.Min(chunk.Length, Length - done));
                ReadExactly(handle, _offset + done, span);
                ByteSwap.InPlace(span, _swapUnit);
                destination.Write(span);
                done += span.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void ReadExactly(SafeFileHandle handle, long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new IOException($"'{_path}' ended before the value at byte {_offset} ({Length} bytes): the file changed after it was read.");
            }

            destination = destination[read..];
            offset += read;
        }
    }
}
