using System.Buffers;
using System.Buffers.Binary;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// What A-ASSOCIATE-RQ and -AC share (PS3.8 §9.3.2, §9.3.3): the fixed fields after the PDU
/// header (protocol version, reserved, called and calling AE titles, 32 reserved bytes) and the
/// Application Context Item.
/// </summary>
internal static class AssociateCodec
{
    /// <summary>Bytes of fixed fields in the body, before the variable items.</summary>
    public const int FixedFieldsLength = 2 + 2 + 16 + 16 + 32;

    public const byte ApplicationContextItemType = 0x10;
    public const byte TransferSyntaxSubItemType = 0x40;

    public static void WriteFixedFields(IBufferWriter<byte> writer, PduType type, int bodyLength, ushort protocolVersion, string calledAE, string callingAE)
    {
        const int size = PduReader.HeaderLength + FixedFieldsLength;
        var span = writer.GetSpan(size)[..size];
        PduWriting.WriteHeader(span, type, (uint)bodyLength);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], protocolVersion);
        span.Slice(8, 2).Clear();
        PduText.WriteAeTitle(span.Slice(10, PduText.AeTitleLength), calledAE);
        PduText.WriteAeTitle(span.Slice(26, PduText.AeTitleLength), callingAE);
        span[42..].Clear();
        writer.Advance(size);
    }

    public static void ReadFixedFields(ref PduSpanReader reader, bool strictAETitles, out ushort protocolVersion, out string calledAE, out string callingAE)
    {
        if (reader.Remaining < FixedFieldsLength)
        {
            PduException.Throw(PduRejectionReason.InvalidPduLength);
        }

        protocolVersion = reader.ReadUInt16();
        reader.ReadBytes(2);
        calledAE = PduText.ReadAeTitle(reader.ReadBytes(PduText.AeTitleLength), strictAETitles);
        callingAE = PduText.ReadAeTitle(reader.ReadBytes(PduText.AeTitleLength), strictAETitles);
        reader.ReadBytes(32);
    }

    public static void CheckAeTitle(string? value, string what, bool allowEmpty)
    {
        if (!PduText.IsValidAeTitle(value, allowEmpty))
        {
            throw new InvalidOperationException(
                $"The {what} '{value}' is not an AE title: {(allowEmpty ? 0 : 1)} to 16 printable ASCII characters without backslash.");
        }
    }

    public static string ReadApplicationContext(ReadOnlySpan<byte> item, bool alreadySeen)
    {
        if (alreadySeen)
        {
            PduException.Throw(PduRejectionReason.DuplicateItem, "application context item");
        }

        return PduText.ReadUid(item);
    }

    /// <summary>Refuses a second User Information Item.</summary>
    public static void CheckFirstUserInformation(UserInformation? seen)
    {
        if (seen is not null)
        {
            PduException.Throw(PduRejectionReason.DuplicateItem, "user information item");
        }
    }

    /// <summary>Refuses a PDU without the items PS3.8 requires of it.</summary>
    public static void CheckMandatoryItems(string? applicationContext, int presentationContexts, UserInformation? userInformation)
    {
        if (applicationContext is null)
        {
            PduException.Throw(PduRejectionReason.MissingItem, "application context item");
        }

        if (presentationContexts == 0)
        {
            PduException.Throw(PduRejectionReason.MissingItem, "presentation context item");
        }

        if (userInformation is null)
        {
            PduException.Throw(PduRejectionReason.MissingItem, "user information item");
        }
    }
}
