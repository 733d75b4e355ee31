using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Lantern.Dicom.Network.Dimse;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// A DICOM peer on a bare socket that sends whatever bytes a test gives it, valid or not, and reads
/// back the SCP's PDUs one by one, so that a test sees exactly what the SCP answered and how it
/// closed the connection (an orderly close, or a reset). Valid PDUs come from our own codec.
/// Every read is bounded by <see cref="ReadTimeout"/>; none of it measures time.
/// </summary>
internal sealed class RawDicomConnection : IDisposable
{
    /// <summary>How long a read may wait for the SCP: generous, the machine is shared; a hang fails the test with a message.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private bool _sendClosed;

    private RawDicomConnection(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<RawDicomConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return new RawDicomConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects and negotiates <see cref="HostilePdus.Request"/>; fails the test unless it is accepted as expected.</summary>
    public static async Task<RawDicomConnection> AssociateAsync(int port)
    {
        var connection = await ConnectAsync(port);
        try
        {
            await connection.SendAsync(HostilePdus.Request().WriteTo);
            var answer = await connection.ReceivePduAsync();
            Assert.True(answer is { Type: PduType.AssociateAccept }, $"expected A-ASSOCIATE-AC, received {answer?.ToString() ?? "a closed connection"}");
            var accept = AssociateAccept.Parse(new ReadOnlySequence<byte>(answer!.Body));
            var results = accept.PresentationContexts.ToDictionary(c => c.Id, c => c.Result);
            Assert.Equal(PresentationContextResult.Acceptance, results[HostilePdus.CtContext]);
            Assert.Equal(PresentationContextResult.Acceptance, results[HostilePdus.VerificationContext]);
            Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, results[HostilePdus.RefusedContext]);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Sends what <paramref name="write"/> writes (PDUs of our codec).</summary>
    public Task SendAsync(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return SendAsync(buffer.WrittenMemory);
    }

    /// <summary>A C-STORE-RQ command set as one PDV on the CT context.</summary>
    public Task SendStoreCommandAsync(ushort messageId, string sopClassUid, string sopInstanceUid, byte contextId = HostilePdus.CtContext) =>
        SendCommandAsync(DimseCommand.CreateStoreRequest(messageId, sopClassUid, sopInstanceUid), contextId);

    public Task SendCommandAsync(DimseCommand command, byte contextId)
    {
        var bytes = command.Encode();
        return SendAsync(writer => PDataTransfer.Write(writer, contextId, isCommand: true, isLast: true, bytes));
    }

    /// <summary>
    /// Sends <paramref name="dataset"/> as data set PDVs of at most <paramref name="fragment"/> bytes,
    /// one per P-DATA-TF; the last carries the last-fragment bit only when <paramref name="complete"/>.
    /// </summary>
    public Task SendDatasetAsync(ReadOnlyMemory<byte> dataset, bool complete = true, byte contextId = HostilePdus.CtContext, int fragment = 16 * 1024 - 6)
    {
        var buffer = new ArrayBufferWriter<byte>();
        for (var offset = 0; offset < dataset.Length; offset += fragment)
        {
            var length = Math.Min(fragment, dataset.Length - offset);
            var last = complete && offset + length == dataset.Length;
            PDataTransfer.Write(buffer, contextId, isCommand: false, last, dataset.Span.Slice(offset, length));
        }

        return SendAsync(buffer.WrittenMemory);
    }

    /// <summary>
    /// The next PDU, or null when the SCP closed the connection in an orderly way before sending any
    /// byte of one. A connection reset, or a close inside a PDU, fails the test.
    /// </summary>
    public async Task<RawPdu?> ReceivePduAsync()
    {
        var header = new byte[PduReader.HeaderLength];
        if (await ReadAsync(header, allowEndAtStart: true) == 0)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        Assert.True(length <= 1024 * 1024, $"the SCP sent a PDU of type {header[0]} declaring {length} bytes");
        var body = new byte[length];
        await ReadAsync(body, allowEndAtStart: false);
        return new RawPdu((PduType)header[0], body);
    }

    /// <summary>The response to the last request: its command set, from one or more command PDVs.</summary>
    public async Task<DimseCommand> ReceiveCommandAsync()
    {
        var command = new ArrayBufferWriter<byte>();
        while (true)
        {
            var pdu = await ReceivePduAsync();
            Assert.True(pdu is { Type: PduType.DataTransfer }, $"expected P-DATA-TF with a DIMSE response, received {pdu?.ToString() ?? "a closed connection"}");
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(pdu!.Body));
            while (PDataTransfer.TryReadNext(ref reader, out var value))
            {
                Assert.True(value.IsCommand, "the SCP sent a data set PDV where a response command was expected");
                foreach (var segment in value.Data)
                {
                    command.Write(segment.Span);
                }

                if (value.IsLast)
                {
                    return DimseCommand.Decode(command.WrittenMemory);
                }
            }
        }
    }

    /// <summary>Sends A-ABORT (service-user source), as a peer that gives up does.</summary>
    public Task SendAbortAsync() => SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified).WriteTo);

    /// <summary>A-RELEASE-RQ; fails the test unless an A-RELEASE-RP comes back, and the SCP then closes in order.</summary>
    public async Task ReleaseAsync()
    {
        await SendAsync(ReleasePdu.WriteRequest);
        var answer = await ReceivePduAsync();
        Assert.True(answer is { Type: PduType.ReleaseResponse }, $"expected A-RELEASE-RP, received {answer?.ToString() ?? "a closed connection"}");
        await ExpectOrderlyCloseAsync();
    }

    /// <summary>
    /// Closes our sending side (what a requestor does after an A-ABORT, PS3.8 AA-3, or after it sent
    /// all it meant to) and asserts that the SCP sends nothing more and closes the connection in an
    /// orderly way: no further bytes, and no reset (a reset can make a peer lose the PDU before it).
    /// </summary>
    public async Task ExpectOrderlyCloseAsync()
    {
        CloseSending();
        var rest = new byte[256];
        int received;
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            received = await _socket.ReceiveAsync(rest, SocketFlags.None, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the SCP did not close the connection within {ReadTimeout.TotalSeconds:F0} s");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            Assert.Fail("the SCP reset the connection instead of closing it");
            return;
        }

        Assert.True(received == 0, $"the SCP sent {received} more bytes instead of closing: {Convert.ToHexString(rest, 0, received)}");
    }

    /// <summary>Shuts down our sending side: the SCP reads the end of the stream, we can still read.</summary>
    public void CloseSending()
    {
        if (!_sendClosed)
        {
            _sendClosed = true;
            _socket.Shutdown(SocketShutdown.Send);
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<int> ReadAsync(byte[] buffer, bool allowEndAtStart)
    {
        var read = 0;
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            while (read < buffer.Length)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
                if (received == 0)
                {
                    Assert.True(read == 0 && allowEndAtStart, $"the SCP closed the connection inside a PDU ({read} of {buffer.Length} bytes)");
                    return 0;
                }

                read += received;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the SCP sent nothing and did not close within {ReadTimeout.TotalSeconds:F0} s ({read} of {buffer.Length} bytes read)");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            Assert.Fail($"the SCP reset the connection ({read} of {buffer.Length} bytes read)");
        }

        return read;
    }
}
