using System.Text.Json;

namespace Lantern.Dicom.Serialization;

/// <summary>
/// A write-only stream that turns what is written to it into one base64 JSON string, in segments,
/// flushing the JSON writer as it goes: a value of any size passes through a bounded buffer.
/// The caller has written the property name; <see cref="Complete"/> closes the string.
/// </summary>
internal sealed class JsonBase64Stream(Utf8JsonWriter json, int flushThreshold) : Stream
{
    // Each call encodes at most this much; the writer carries partial 3-byte groups across calls.
    private const int SegmentSize = 48 * 1024;

    private bool _completed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            var segment = buffer[..Math.Min(SegmentSize, buffer.Length)];
            json.WriteBase64StringSegment(segment, isFinalSegment: false);
            buffer = buffer[segment.Length..];
            if (json.BytesPending >= flushThreshold)
            {
                json.Flush();
            }
        }
    }

    /// <summary>Writes the last partial group and the closing quote.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            json.WriteBase64StringSegment([], isFinalSegment: true);
            _completed = true;
        }
    }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
