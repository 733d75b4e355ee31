using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// An association from a bare TCP client, built from PS3.8 and PS3.7 bytes without our library: it
/// sends an A-ASSOCIATE-RQ with one presentation context (Verification in Implicit VR Little Endian
/// unless told otherwise), waits for the answer, and then sits in Sta6 until it is released or
/// disposed, sending only what a test asks for. It occupies one of a listener's association slots for
/// as long as a test needs, or sends a C-STORE whose data set bytes no DICOM toolkit would send.
/// </summary>
internal sealed class RawAssociation : IAsyncDisposable
{
    private const string ApplicationContext = "1.2.840.10008.3.1.1.1";
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    private const string ImplementationClassUid = "1.2.826.0.1.3680043.10.543.99";
    private const int MaximumPdvData = 16 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawAssociation(TcpClient client, byte answerType)
    {
        _client = client;
        _stream = client.GetStream();
        AnswerType = answerType;
    }

    /// <summary>The PDU type of the answer to the request: 2 A-ASSOCIATE-AC, 3 A-ASSOCIATE-RJ, 7 A-ABORT.</summary>
    public byte AnswerType { get; }

    /// <summary>Connects, requests the association and returns with the answer's PDU type.</summary>
    public static async Task<RawAssociation> OpenAsync(
        int port,
        string calledAeTitle,
        string callingAeTitle,
        string abstractSyntax = Verification,
        string transferSyntax = ImplicitVRLittleEndian)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(AssociateRequest(calledAeTitle, callingAeTitle, abstractSyntax, transferSyntax), timeout.Token);
            var (type, _) = await ReadPduAsync(stream, timeout.Token);
            return new RawAssociation(client, type);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A-RELEASE-RQ; returns the PDU type of the answer (6 for A-RELEASE-RP).</summary>
    public async Task<byte> ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await _stream.WriteAsync(new byte[] { 0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, timeout.Token);
        var (type, _) = await ReadPduAsync(_stream, timeout.Token);
        return type;
    }

    /// <summary>
    /// A C-STORE-RQ on presentation context 1 (command in Implicit VR Little Endian, PS3.7 9.3.1.1),
    /// then <paramref name="dataset"/> as it is, in PDVs of 16 KiB; returns the response's Status (0000,0900).
    /// </summary>
    public async Task<ushort> StoreAsync(string sopClassUid, string sopInstanceUid, byte[] dataset)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var command = new MemoryStream();
        WriteElement(command, 0x0002, Uid(sopClassUid));
        WriteElement(command, 0x0100, UInt16(0x0001)); // C-STORE-RQ
        WriteElement(command, 0x0110, UInt16(1)); // Message ID
        WriteElement(command, 0x0700, UInt16(0)); // Priority: medium
        WriteElement(command, 0x0800, UInt16(0x0000)); // a data set follows
        WriteElement(command, 0x1000, Uid(sopInstanceUid));
        using var withLength = new MemoryStream();
        WriteElement(withLength, 0x0000, UInt32((uint)command.Length));
        command.WriteTo(withLength);

        await _stream.WriteAsync(DataTransfer(withLength.ToArray(), isCommand: true, isLast: true), timeout.Token);
        for (var offset = 0; offset < dataset.Length; offset += MaximumPdvData)
        {
            var length = Math.Min(MaximumPdvData, dataset.Length - offset);
            await _stream.WriteAsync(DataTransfer(dataset.AsSpan(offset, length), isCommand: false, isLast: offset + length == dataset.Length), timeout.Token);
        }

        var (type, body) = await ReadPduAsync(_stream, timeout.Token);
        if (type != 0x04)
        {
            throw new InvalidOperationException($"expected P-DATA-TF with the C-STORE-RSP, received PDU type {type}");
        }

        // One PDV: length (4), context id, control header, then the command elements (tag, length, value).
        for (var offset = 6; offset + 8 <= body.Length;)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(offset + 2));
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(offset + 4));
            if (element == 0x0900)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(offset + 8));
            }

            offset += 8 + length;
        }

        throw new InvalidOperationException($"the C-STORE-RSP has no Status: {Convert.ToHexString(body)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private static async Task<(byte Type, byte[] Body)> ReadPduAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[6];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return (header[0], body);
    }

    /// <summary>PS3.8 9.3.2: fixed fields, application context, one presentation context, user information (maximum length, implementation class UID).</summary>
    private static byte[] AssociateRequest(string calledAeTitle, string callingAeTitle, string abstractSyntax, string transferSyntax)
    {
        using var body = new MemoryStream();
        body.Write([0x00, 0x01, 0x00, 0x00]); // protocol version 1, reserved
        body.Write(AeTitle(calledAeTitle));
        body.Write(AeTitle(callingAeTitle));
        body.Write(new byte[32]);
        WriteItem(body, 0x10, Encoding.ASCII.GetBytes(ApplicationContext));

        using var context = new MemoryStream();
        context.Write([0x01, 0x00, 0x00, 0x00]); // presentation context id 1, reserved
        WriteItem(context, 0x30, Encoding.ASCII.GetBytes(abstractSyntax));
        WriteItem(context, 0x40, Encoding.ASCII.GetBytes(transferSyntax));
        WriteItem(body, 0x20, context.ToArray());

        using var user = new MemoryStream();
        var maximumLength = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(maximumLength, 16384);
        WriteItem(user, 0x51, maximumLength);
        WriteItem(user, 0x52, Encoding.ASCII.GetBytes(ImplementationClassUid));
        WriteItem(body, 0x50, user.ToArray());

        var pdu = new byte[6 + body.Length];
        pdu[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.ToArray().CopyTo(pdu, 6);
        return pdu;
    }

    /// <summary>A P-DATA-TF PDU of one PDV on presentation context 1.</summary>
    private static byte[] DataTransfer(ReadOnlySpan<byte> data, bool isCommand, bool isLast)
    {
        var pdu = new byte[6 + 6 + data.Length];
        pdu[0] = 0x04;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)(6 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)(2 + data.Length));
        pdu[10] = 1;
        pdu[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
        data.CopyTo(pdu.AsSpan(12));
        return pdu;
    }

    /// <summary>An element of group 0000 in Implicit VR Little Endian.</summary>
    private static void WriteElement(MemoryStream destination, ushort element, byte[] value)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        destination.Write(header);
        destination.Write(value);
    }

    private static byte[] UInt16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A UID value, padded with NUL to even length.</summary>
    private static byte[] Uid(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

    private static byte[] AeTitle(string title) => Encoding.ASCII.GetBytes(title.PadRight(16));

    private static void WriteItem(MemoryStream destination, byte type, byte[] value)
    {
        Span<byte> header = [type, 0, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)value.Length);
        destination.Write(header);
        destination.Write(value);
    }
}
