using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Lantern.Dicom.Network.Pdu;
using Lantern.Dicom.Network.UpperLayer;

namespace Lantern.Dicom.Tests.Network.UpperLayer;

/// <summary>
/// A loopback TCP connection: our side as a <see cref="PduChannel"/>, the other as a bare socket that
/// sends what a test gives it and reads back whole PDUs, so that a test sees the bytes the provider put
/// on the wire and whether it closed. Reads are bounded so that a hang fails instead of blocking.
/// </summary>
internal sealed class LoopbackPeer : IAsyncDisposable
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(30);
    private readonly Socket _socket;

    private LoopbackPeer(Socket socket, PduChannel channel)
    {
        _socket = socket;
        Channel = channel;
    }

    /// <summary>Our side of the connection.</summary>
    public PduChannel Channel { get; }

    public static async Task<LoopbackPeer> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepted = listener.AcceptAsync();
        await peer.ConnectAsync(listener.LocalEndPoint!);
        var ours = await accepted;
        return new LoopbackPeer(peer, new PduChannel(new NetworkStream(ours, ownsSocket: true), TimeProvider.System));
    }

    public Task SendAsync(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return SendAsync(buffer.WrittenMemory);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None)..];
        }
    }

    /// <summary>The next PDU from our side, or null when it closed the connection.</summary>
    public async Task<(PduType Type, byte[] Body)?> ReceiveAsync()
    {
        var header = new byte[PduReader.HeaderLength];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        Assert.True(await ReadExactlyAsync(body), "the connection closed inside a PDU");
        return ((PduType)header[0], body);
    }

    /// <summary>Reads the next PDU and checks it is an A-ABORT.</summary>
    public async Task<AbortPdu> ReceiveAbortAsync()
    {
        var pdu = await ReceiveAsync();
        Assert.True(pdu is { Type: PduType.Abort }, $"expected A-ABORT, received {pdu?.Type.ToString() ?? "a closed connection"}");
        return AbortPdu.Parse(new ReadOnlySequence<byte>(pdu!.Value.Body));
    }

    /// <summary>Closes our sending side, as a peer done with the connection does; reading goes on.</summary>
    public void CloseSending() => _socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(s_readTimeout);
        var read = 0;
        while (read < buffer.Length)
        {
            var received = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (received == 0)
            {
                Assert.True(read == 0, $"the connection closed after {read} of {buffer.Length} bytes");
                return false;
            }

            read += received;
        }

        return true;
    }
}
