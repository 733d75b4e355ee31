using System.Buffers;

namespace Lantern.Imaging.Series;

/// <summary>
/// A write-only stream that Pixel Data is copied into, in whatever chunks its buffer delivers: it
/// gathers one frame at a time in a pooled buffer and hands each complete frame on. So the pixels of
/// a single-frame instance or of a 600-frame Enhanced CT pass through one frame of memory on their
/// way into the volume, never a second copy of the whole.
/// </summary>
internal sealed class PixelFrameSink : Stream
{
    private readonly int _frameLength;
    private readonly int _frameCount;
    private readonly Action<int, Span<byte>> _onFrame;
    private byte[]? _buffer;
    private int _filled;
    private int _frame;
    private long _received;

    /// <param name="onFrame">Called with each frame's index and bytes (little endian); it may modify them.</param>
    public PixelFrameSink(int frameLength, int frameCount, Action<int, Span<byte>> onFrame)
    {
        _frameLength = frameLength;
        _frameCount = frameCount;
        _onFrame = onFrame;
        _buffer = ArrayPool<byte>.Shared.Rent(frameLength);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var frameBuffer = _buffer ?? throw new ObjectDisposedException(nameof(PixelFrameSink));
        _received += buffer.Length;
        while (!buffer.IsEmpty && _frame < _frameCount)
        {
            var take = Math.Min(buffer.Length, _frameLength - _filled);
            buffer[..take].CopyTo(frameBuffer.AsSpan(_filled));
            buffer = buffer[take..];
            _filled += take;
            if (_filled == _frameLength)
            {
                _onFrame(_frame, frameBuffer.AsSpan(0, _frameLength));
                _frame++;
                _filled = 0;
            }
        }

        // Bytes past the last frame are padding (an odd length made even, or trailing junk): ignored.
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Checks that every frame arrived.</summary>
    /// <exception cref="NotAnalysableException">The Pixel Data was shorter than its frames.</exception>
    public void Complete(string instance)
    {
        if (_frame < _frameCount)
        {
            throw new NotAnalysableException(
                NotAnalysableReason.UnsupportedPixelData,
                $"{instance}: Pixel Data holds {_received} bytes where {_frameCount} frame(s) of {_frameLength} bytes need {(long)_frameCount * _frameLength}");
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }
}
