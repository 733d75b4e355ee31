using System.Buffers;
using System.Buffers.Binary;
using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.Reading;

/// <summary>
/// A forward reader over a stream with one pooled buffer. Small fields come from the buffer; large
/// values go straight from the stream into their own array. Never allocates a declared length
/// before the stream has shown it holds that many bytes.
/// </summary>
internal sealed class DicomByteReader : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private const int GrowthChunk = 1 << 20;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOrigin;
    private bool _endOfStream;

    public DicomByteReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _bufferOrigin = stream.CanSeek ? stream.Position : 0;
    }

    public bool BigEndian { get; set; }

    /// <summary>Bytes consumed from the start of the stream (the decoded stream when inflating).</summary>
    public long Position => _bufferOrigin + _start;

    public bool CanSeek => _stream.CanSeek;

    /// <summary>True when no byte is left.</summary>
    public bool AtEnd => !TryEnsure(1);

    /// <summary>Bytes left, when the stream knows its length.</summary>
    public long? Remaining => _stream.CanSeek ? _stream.Length - Position : null;

    /// <summary>Makes at least <paramref name="count"/> bytes available in the buffer; false at end of stream.</summary>
    public bool TryEnsure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        return Fill(count);
    }

    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    public void Advance(int count) => _start += count;

    public ushort ReadUInt16(DicomTag? tag)
    {
        Ensure(2, tag);
        var span = _buffer.AsSpan(_start, 2);
        _start += 2;
        return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32(DicomTag? tag)
    {
        Ensure(4, tag);
        var span = _buffer.AsSpan(_start, 4);
        _start += 4;
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public void Ensure(int count, DicomTag? tag)
    {
        if (!TryEnsure(count))
        {
            throw new DicomReadException("unexpected end of data", Position, tag);
        }
    }

    /// <summary>Reads a value of a declared length; the caller has checked it against any enclosing length.</summary>
    public byte[] ReadBytes(uint length, DicomTag tag)
    {
        if (length == 0)
        {
            return [];
        }

        if (length > Array.MaxLength)
        {
            throw new DicomReadException($"value length {length} is larger than any value that can be held", Position, tag);
        }

        var buffered = _end - _start;
        if (length <= buffered)
        {
            var small = _buffer.AsSpan(_start, (int)length).ToArray();
            _start += (int)length;
            return small;
        }

        if (Remaining is { } remaining && remaining < length)
        {
            throw new DicomReadException($"value length {length} runs past the end of the data ({remaining} bytes left)", Position, tag);
        }

        // Unknown length (a deflate stream): grow with what actually arrives.
        var initial = Remaining is null ? (int)Math.Min(length, GrowthChunk) : (int)length;
        var bytes = GC.AllocateUninitializedArray<byte>(initial);
        _buffer.AsSpan(_start, buffered).CopyTo(bytes);
        _bufferOrigin += _end;
        _start = _end = 0;
        var filled = buffered;
        while (filled < length)
        {
            if (filled == bytes.Length)
            {
                Array.Resize(ref bytes, (int)Math.Min(length, (long)bytes.Length * 2));
            }

            var read = _stream.Read(bytes, filled, bytes.Length - filled);
            if (read == 0)
            {
                _endOfStream = true;
                _bufferOrigin += filled - buffered;
                throw new DicomReadException($"value length {length} runs past the end of the data", Position, tag);
            }

            filled += read;
        }

        _bufferOrigin += filled - buffered;
        return bytes;
    }

    /// <summary>Hands over the bytes read ahead but not consumed, for a stream that continues from here.</summary>
    public byte[] TakeBuffered()
    {
        var bytes = _buffer.AsSpan(_start, _end - _start).ToArray();
        _bufferOrigin += _end;
        _start = _end = 0;
        return bytes;
    }

    /// <summary>Skips a value that stays in its file (a lazily read value).</summary>
    public void Skip(long count, DicomTag tag)
    {
        var buffered = _end - _start;
        if (count <= buffered)
        {
            _start += (int)count;
            return;
        }

        if (Remaining is { } remaining && remaining < count)
        {
            throw new DicomReadException($"value length {count} runs past the end of the data ({remaining} bytes left)", Position, tag);
        }

        var target = Position + count;
        _stream.Seek(target, SeekOrigin.Begin);
        _bufferOrigin = target;
        _start = _end = 0;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Fill(int count)
    {
        if (_endOfStream)
        {
            return false;
        }

        if (_start > 0)
        {
            var kept = _end - _start;
            _buffer.AsSpan(_start, kept).CopyTo(_buffer);
            _bufferOrigin += _start;
            _start = 0;
            _end = kept;
        }

        if (count > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(count);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        while (_end < count)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
                return false;
            }

            _end += read;
        }

        return true;
    }
}
