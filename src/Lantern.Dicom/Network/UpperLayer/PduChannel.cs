using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// PDUs in and out of one transport connection. A received PDU's body is a slice of the pipe's
/// pooled buffers, valid until <see cref="Release"/>; at most one PDU (bounded by the maximum we
/// announced) is held, so memory per association stays a few PDUs whatever the instance size.
/// </summary>
internal sealed class PduChannel : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TimeProvider _time;
    private SequencePosition? _consumed;

    /// <summary>The receive deadline, re-armed for each PDU and replaced only after it fired: no timer or source per PDU.</summary>
    private CancellationTokenSource? _deadline;

    public PduChannel(Stream transport, TimeProvider time)
    {
        _transport = transport;
        _time = time;
        _reader = PipeReader.Create(transport, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _writer = PipeWriter.Create(transport, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    /// <summary>The largest PDU we accept; a larger declared length is rejected before its body is read.</summary>
    public uint MaximumInboundLength { get; set; } = 16 * 1024;

    /// <summary>
    /// The next PDU, or null when the peer closed the connection (cleanly, or mid-PDU). Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/> without a whole PDU, and
    /// <see cref="PduException"/> for a PDU that must be refused.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceivedPdu?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_consumed is not null)
        {
            throw new InvalidOperationException("Release the previous PDU first.");
        }

        var deadline = ArmDeadline(timeout);

        // The caller's token cancels the deadline's source rather than a linked source made per PDU.
        using var stop = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No PDU within {timeout.TotalSeconds:0.#} s.");
            }
            catch (OperationCanceledException)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var buffer = result.Buffer;
            PduReadStatus status;
            PduType type;
            ReadOnlySequence<byte> body;
            try
            {
                status = PduReader.TryRead(ref buffer, MaximumInboundLength, out type, out body);
            }
            catch (PduException)
            {
                // Leave the pipe ready for another read: the refused bytes are drained by DrainAsync.
                _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw;
            }

            if (status == PduReadStatus.Complete)
            {
                _consumed = buffer.Start;
                return new ReceivedPdu(type, body);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                _reader.AdvanceTo(buffer.End);
                return null;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private CancellationTokenSource ArmDeadline(TimeSpan timeout)
    {
        if (_deadline is null || !_deadline.TryReset())
        {
            _deadline?.Dispose();

            // Made with its timeout so that the timer comes from _time; CancelAfter re-arms that same timer.
            _deadline = new CancellationTokenSource(timeout, _time);
            return _deadline;
        }

        _deadline.CancelAfter(timeout);
        return _deadline;
    }

    /// <summary>Gives the last PDU's buffers back to the pipe.</summary>
    public void Release()
    {
        // Only up to the PDU: a next PDU may already be buffered, and must be read without waiting.
        if (_consumed is { } consumed)
        {
            _reader.AdvanceTo(consumed);
            _consumed = null;
        }
    }

    /// <summary>
    /// Reads and drops what the peer still sends, PDUs or not, until it closes the connection (true),
    /// <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled (false). For
    /// Sta13 once the bytes can no longer be split into PDUs: closing with unread bytes in the socket would
    /// send a TCP reset instead of a close, and the peer could lose our last PDU.
    /// </summary>
    public async ValueTask<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Release();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(linked.Token).ConfigureAwait(false);
                _reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return result.IsCompleted;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is gone already.
            return true;
        }
    }

    /// <summary>Writes PDUs through <paramref name="write"/> and sends them.</summary>
    public async ValueTask SendAsync(Action<IBufferWriter<byte>> write, CancellationToken cancellationToken)
    {
        write(_writer);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _deadline?.Dispose();
        await _reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Completing flushes what is left: on a connection the peer has closed that fails, and would hide
            // the error that ended the association.
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
    }
}
