using System.Buffers.Binary;
using System.Text;
using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// What the hostile peers send: the one valid A-ASSOCIATE-RQ they open with (written by our codec),
/// and the malformed bytes no codec would write (built here byte by byte).
/// </summary>
internal static class HostilePdus
{
    public const string CalledAeTitle = "LANTERN";
    public const string CallingAeTitle = "HOSTILE";

    /// <summary>CT Image Storage, Explicit VR Little Endian: accepted.</summary>
    public const byte CtContext = 1;

    /// <summary>An abstract syntax that is no storage SOP class: proposed, and refused (result 3).</summary>
    public const byte RefusedContext = 3;

    /// <summary>Verification, Implicit VR Little Endian: accepted.</summary>
    public const byte VerificationContext = 5;

    /// <summary>An id the request never proposes.</summary>
    public const byte UnproposedContext = 7;

    /// <summary>The PDU length field's largest value: a PDU of 4 GiB (less one byte).</summary>
    public const uint FourGigabytes = uint.MaxValue;

    private const string RefusedAbstractSyntax = "1.2.3.4.5.6.7.8.9";

    public static AssociateRequest Request() => new()
    {
        CalledAE = CalledAeTitle,
        CallingAE = CallingAeTitle,
        PresentationContexts =
        [
            new PresentationContextRequest(CtContext, DicomUid.CTImageStorage.Value, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
            new PresentationContextRequest(RefusedContext, RefusedAbstractSyntax, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
            new PresentationContextRequest(VerificationContext, DicomUid.Verification.Value, [TransferSyntax.ImplicitVRLittleEndian.Uid]),
        ],
        UserInformation = new UserInformation
        {
            MaximumLength = 16 * 1024,
            ImplementationClassUid = "2.25.300851186343213591734858264935226384105",
            ImplementationVersionName = "HOSTILE_0",
        },
    };

    /// <summary>
    /// <paramref name="length"/> pseudo-random bytes (the same for a seed), the first of them no PDU
    /// type (1 to 7), so that the SCP must refuse them from the first byte on.
    /// </summary>
    public static byte[] RandomBytes(int seed, int length = 16 * 1024)
    {
#pragma warning disable CA5394 // Reproducible noise, not security.
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        bytes[0] = (byte)(0x08 + (bytes[0] % 0xF8));
        return bytes;
    }

    /// <summary>A PDU header of <paramref name="type"/> declaring <paramref name="length"/> bytes of body.</summary>
    public static byte[] Header(PduType type, uint length)
    {
        var header = new byte[PduReader.HeaderLength];
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        return header;
    }

    /// <summary>
    /// An A-ASSOCIATE-RQ with <paramref name="count"/> presentation contexts (CT Image Storage, Explicit
    /// VR Little Endian), ids 1, 3, ... 255 and round again: past 128 contexts ids repeat, which PS3.8
    /// §9.3.2.2 forbids, so no such request can be valid. About 60 bytes a context.
    /// </summary>
    public static byte[] ManyPresentationContexts(int count)
    {
        using var body = new MemoryStream();
        WriteUInt16(body, 1); // protocol version
        WriteUInt16(body, 0);
        body.Write(AeTitle(CalledAeTitle));
        body.Write(AeTitle(CallingAeTitle));
        body.Write(new byte[32]);
        WriteItem(body, 0x10, Encoding.ASCII.GetBytes(AssociateRequest.DicomApplicationContextName));
        for (var i = 0; i < count; i++)
        {
            using var context = new MemoryStream();
            context.Write([(byte)((2 * (i % 128)) + 1), 0, 0, 0]);
            WriteItem(context, 0x30, Encoding.ASCII.GetBytes(DicomUid.CTImageStorage.Value));
            WriteItem(context, 0x40, Encoding.ASCII.GetBytes(TransferSyntax.ExplicitVRLittleEndian.Uid));
            WriteItem(body, 0x20, context.ToArray());
        }

        using var user = new MemoryStream();
        var maximum = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(maximum, 16 * 1024);
        WriteItem(user, 0x51, maximum);
        WriteItem(user, 0x52, Encoding.ASCII.GetBytes("2.25.300851186343213591734858264935226384105"));
        WriteItem(body, 0x50, user.ToArray());

        return [.. Header(PduType.AssociateRequest, (uint)body.Length), .. body.ToArray()];
    }

    private static byte[] AeTitle(string title) => Encoding.ASCII.GetBytes(title.PadRight(16));

    private static void WriteItem(Stream stream, byte type, byte[] value)
    {
        stream.Write([type, 0]);
        WriteUInt16(stream, checked((ushort)value.Length));
        stream.Write(value);
    }

    private static void WriteUInt16(Stream stream, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        stream.Write(bytes);
    }
}
