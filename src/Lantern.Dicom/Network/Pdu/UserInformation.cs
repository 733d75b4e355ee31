using System.Buffers;
using System.Buffers.Binary;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// The User Information Item (50H) of an A-ASSOCIATE-RQ or -AC and its sub-items (PS3.8 Annex D,
/// PS3.7 Annex D). Sub-items of types we do not know are skipped, as PS3.8 §9.3.1 asks: nobody
/// above could make use of them.
/// </summary>
public sealed class UserInformation
{
    internal const byte ItemType = 0x50;

    private const byte MaximumLengthType = 0x51;
    private const byte ImplementationClassUidType = 0x52;
    private const byte AsynchronousOperationsWindowType = 0x53;
    private const byte RoleSelectionType = 0x54;
    private const byte ImplementationVersionNameType = 0x55;
    private const byte SopClassExtendedNegotiationType = 0x56;
    private const byte SopClassCommonExtendedNegotiationType = 0x57;
    private const byte UserIdentityRequestType = 0x58;
    private const byte UserIdentityResponseType = 0x59;

    /// <summary>
    /// Maximum Length sub-item (51H): the largest P-DATA-TF PDU length (the PDU-length field) the
    /// sender will receive; 0 means no limit. Always written.
    /// </summary>
    public uint MaximumLength { get; set; }

    /// <summary>Implementation Class UID sub-item (52H); written when set (PS3.7 requires it).</summary>
    public string? ImplementationClassUid { get; set; }

    /// <summary>Implementation Version Name sub-item (55H), 1 to 16 characters; written when set.</summary>
    public string? ImplementationVersionName { get; set; }

    /// <summary>Asynchronous Operations Window sub-item (53H): operations invoked and performed; written when set.</summary>
    public (ushort Invoked, ushort Performed)? AsynchronousOperationsWindow { get; set; }

    /// <summary>SCP/SCU Role Selection sub-items (54H), one per SOP class.</summary>
    public List<RoleSelection> RoleSelections { get; set; } = [];

    /// <summary>SOP Class Extended Negotiation sub-items (56H), one per SOP class.</summary>
    public List<SopClassExtendedNegotiation> SopClassExtendedNegotiations { get; set; } = [];

    /// <summary>SOP Class Common Extended Negotiation sub-items (57H), request only.</summary>
    public List<SopClassCommonExtendedNegotiation> SopClassCommonExtendedNegotiations { get; set; } = [];

    /// <summary>User Identity Negotiation sub-item of a request (58H).</summary>
    public UserIdentityRequest? UserIdentity { get; set; }

    /// <summary>User Identity Negotiation sub-item of an accept (59H): the server response, empty when none.</summary>
    public byte[]? UserIdentityServerResponse { get; set; }

    /// <summary>The whole item's size, header included; validates what will be written.</summary>
    internal int ComputeSize()
    {
        var length = 8;
        if (ImplementationClassUid is not null)
        {
            length += PduWriting.ItemHeaderLength + PduWriting.CheckUid(ImplementationClassUid, "implementation class UID").Length;
        }

        if (AsynchronousOperationsWindow is not null)
        {
            length += 8;
        }

        foreach (var role in RoleSelections)
        {
            length += PduWriting.ItemHeaderLength + 2 + PduWriting.CheckUid(role.SopClassUid, "role selection SOP class UID").Length + 2;
        }

        if (ImplementationVersionName is not null)
        {
            if (ImplementationVersionName.Length == 0 || !PduText.IsValidText(ImplementationVersionName, PduText.MaxVersionNameLength))
            {
                throw new InvalidOperationException($"The implementation version name '{ImplementationVersionName}' is not 1 to 16 printable ASCII characters.");
            }

            length += PduWriting.ItemHeaderLength + ImplementationVersionName.Length;
        }

        foreach (var negotiation in SopClassExtendedNegotiations)
        {
            length += PduWriting.ItemHeaderLength + PduWriting.CheckItemLength(
                2 + PduWriting.CheckUid(negotiation.SopClassUid, "extended negotiation SOP class UID").Length
                + negotiation.ServiceClassApplicationInformation.Length,
                "SOP class extended negotiation sub-item");
        }

        foreach (var negotiation in SopClassCommonExtendedNegotiations)
        {
            length += PduWriting.ItemHeaderLength + PduWriting.CheckItemLength(CommonExtendedContentLength(negotiation), "SOP class common extended negotiation sub-item");
        }

        if (UserIdentity is { } identity)
        {
            length += PduWriting.ItemHeaderLength + PduWriting.CheckItemLength(
                6 + identity.PrimaryField.Length + identity.SecondaryField.Length, "user identity sub-item");
        }

        if (UserIdentityServerResponse is { } response)
        {
            length += PduWriting.ItemHeaderLength + PduWriting.CheckItemLength(2 + response.Length, "user identity response sub-item");
        }

        return PduWriting.ItemHeaderLength + PduWriting.CheckItemLength(length, "user information item");
    }

    /// <summary>Writes the item; <see cref="ComputeSize"/> has validated it.</summary>
    internal void WriteTo(IBufferWriter<byte> writer, int size)
    {
        var span = writer.GetSpan(PduWriting.ItemHeaderLength + 8);
        PduWriting.WriteItemHeader(span, ItemType, size - PduWriting.ItemHeaderLength);
        PduWriting.WriteItemHeader(span[4..], MaximumLengthType, 4);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], MaximumLength);
        writer.Advance(PduWriting.ItemHeaderLength + 8);

        if (ImplementationClassUid is not null)
        {
            PduWriting.WriteTextItem(writer, ImplementationClassUidType, ImplementationClassUid);
        }

        if (AsynchronousOperationsWindow is { } window)
        {
            span = writer.GetSpan(8);
            PduWriting.WriteItemHeader(span, AsynchronousOperationsWindowType, 4);
            BinaryPrimitives.WriteUInt16BigEndian(span[4..], window.Invoked);
            BinaryPrimitives.WriteUInt16BigEndian(span[6..], window.Performed);
            writer.Advance(8);
        }

        foreach (var role in RoleSelections)
        {
            var uidLength = role.SopClassUid.Length;
            var itemSize = PduWriting.ItemHeaderLength + 2 + uidLength + 2;
            span = writer.GetSpan(itemSize);
            PduWriting.WriteItemHeader(span, RoleSelectionType, itemSize - PduWriting.ItemHeaderLength);
            BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)uidLength);
            PduText.WriteAscii(span.Slice(6, uidLength), role.SopClassUid);
            span[6 + uidLength] = role.ScuRole ? (byte)1 : (byte)0;
            span[7 + uidLength] = role.ScpRole ? (byte)1 : (byte)0;
            writer.Advance(itemSize);
        }

        if (ImplementationVersionName is not null)
        {
            PduWriting.WriteTextItem(writer, ImplementationVersionNameType, ImplementationVersionName);
        }

        foreach (var negotiation in SopClassExtendedNegotiations)
        {
            WriteUidPrefixed(writer, SopClassExtendedNegotiationType, negotiation.SopClassUid, negotiation.ServiceClassApplicationInformation.Length);
            writer.Write(negotiation.ServiceClassApplicationInformation);
        }

        foreach (var negotiation in SopClassCommonExtendedNegotiations)
        {
            WriteCommonExtended(writer, negotiation);
        }

        if (UserIdentity is { } identity)
        {
            var contentLength = 6 + identity.PrimaryField.Length + identity.SecondaryField.Length;
            span = writer.GetSpan(PduWriting.ItemHeaderLength + 4);
            PduWriting.WriteItemHeader(span, UserIdentityRequestType, contentLength);
            span[4] = identity.IdentityType;
            span[5] = identity.PositiveResponseRequested ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)identity.PrimaryField.Length);
            writer.Advance(PduWriting.ItemHeaderLength + 4);
            writer.Write(identity.PrimaryField);
            span = writer.GetSpan(2);
            BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)identity.SecondaryField.Length);
            writer.Advance(2);
            writer.Write(identity.SecondaryField);
        }

        if (UserIdentityServerResponse is { } response)
        {
            span = writer.GetSpan(PduWriting.ItemHeaderLength + 2);
            PduWriting.WriteItemHeader(span, UserIdentityResponseType, 2 + response.Length);
            BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)response.Length);
            writer.Advance(PduWriting.ItemHeaderLength + 2);
            writer.Write(response);
        }
    }

    /// <summary>Parses the content of a User Information Item (after its 4-byte header).</summary>
    internal static UserInformation Parse(ReadOnlySpan<byte> content)
    {
        var result = new UserInformation();
        var seen = 0;
        var reader = new PduSpanReader(content);
        while (!reader.End)
        {
            var item = reader.ReadItem(out var type);
            if (type is MaximumLengthType or ImplementationClassUidType or AsynchronousOperationsWindowType
                or ImplementationVersionNameType or UserIdentityRequestType or UserIdentityResponseType)
            {
                var bit = 1 << (type - MaximumLengthType);
                if ((seen & bit) != 0)
                {
                    PduException.Throw(PduRejectionReason.DuplicateItem, $"user information sub-item {type:X2}H");
                }

                seen |= bit;
            }

            switch (type)
            {
                case MaximumLengthType:
                    result.MaximumLength = BinaryPrimitives.ReadUInt32BigEndian(FixedLength(item, 4));
                    break;
                case ImplementationClassUidType:
                    result.ImplementationClassUid = PduText.ReadUid(item);
                    break;
                case AsynchronousOperationsWindowType:
                    var window = FixedLength(item, 4);
                    result.AsynchronousOperationsWindow = (
                        BinaryPrimitives.ReadUInt16BigEndian(window),
                        BinaryPrimitives.ReadUInt16BigEndian(window[2..]));
                    break;
                case RoleSelectionType:
                    CheckCount(result.RoleSelections.Count);
                    result.RoleSelections.Add(ParseRoleSelection(item));
                    break;
                case ImplementationVersionNameType:
                    var versionName = PduText.ReadText(item);
                    result.ImplementationVersionName = versionName.Length == 0 ? null : versionName;
                    break;
                case SopClassExtendedNegotiationType:
                    CheckCount(result.SopClassExtendedNegotiations.Count);
                    var extended = new PduSpanReader(item);
                    var sopClass = PduText.ReadUid(extended.ReadLengthPrefixed());
                    result.SopClassExtendedNegotiations.Add(new SopClassExtendedNegotiation(sopClass, extended.Rest.ToArray()));
                    break;
                case SopClassCommonExtendedNegotiationType:
                    CheckCount(result.SopClassCommonExtendedNegotiations.Count);
                    result.SopClassCommonExtendedNegotiations.Add(ParseCommonExtended(item));
                    break;
                case UserIdentityRequestType:
                    result.UserIdentity = ParseUserIdentity(item);
                    break;
                case UserIdentityResponseType:
                    var identityResponse = new PduSpanReader(item);
                    result.UserIdentityServerResponse = identityResponse.ReadLengthPrefixed().ToArray();
                    ExpectEnd(identityResponse);
                    break;
                default:
                    // PS3.8 §9.3.1: items of unrecognized types are ignored and skipped.
                    break;
            }
        }

        return result;
    }

    private static ReadOnlySpan<byte> FixedLength(ReadOnlySpan<byte> item, int length)
    {
        if (item.Length != length)
        {
            PduException.Throw(PduRejectionReason.InvalidItemLength);
        }

        return item;
    }

    private static void ExpectEnd(PduSpanReader reader)
    {
        if (!reader.End)
        {
            PduException.Throw(PduRejectionReason.InvalidItemLength);
        }
    }

    /// <summary>Each repeated sub-item names a SOP class of a presentation context: no more of them than contexts.</summary>
    private static void CheckCount(int count)
    {
        if (count >= AssociateRequest.MaxPresentationContexts)
        {
            PduException.Throw(PduRejectionReason.TooManySubItems);
        }
    }

    private static RoleSelection ParseRoleSelection(ReadOnlySpan<byte> item)
    {
        var reader = new PduSpanReader(item);
        var sopClass = PduText.ReadUid(reader.ReadLengthPrefixed());
        var scu = reader.ReadByte() != 0;
        var scp = reader.ReadByte() != 0;
        ExpectEnd(reader);
        return new RoleSelection(sopClass, scu, scp);
    }

    private static SopClassCommonExtendedNegotiation ParseCommonExtended(ReadOnlySpan<byte> item)
    {
        var reader = new PduSpanReader(item);
        var sopClass = PduText.ReadUid(reader.ReadLengthPrefixed());
        var serviceClass = PduText.ReadUid(reader.ReadLengthPrefixed());
        var related = new PduSpanReader(reader.ReadLengthPrefixed());
        ExpectEnd(reader);
        var relatedUids = new List<string>();
        while (!related.End)
        {
            relatedUids.Add(PduText.ReadUid(related.ReadLengthPrefixed()));
        }

        return new SopClassCommonExtendedNegotiation(sopClass, serviceClass, relatedUids);
    }

    private static UserIdentityRequest ParseUserIdentity(ReadOnlySpan<byte> item)
    {
        var reader = new PduSpanReader(item);
        var identityType = reader.ReadByte();
        var positiveResponse = reader.ReadByte() != 0;
        var primary = reader.ReadLengthPrefixed().ToArray();
        var secondary = reader.ReadLengthPrefixed().ToArray();
        ExpectEnd(reader);
        return new UserIdentityRequest(identityType, positiveResponse, primary, secondary);
    }

    private static int CommonExtendedContentLength(SopClassCommonExtendedNegotiation negotiation)
    {
        var length = 2 + PduWriting.CheckUid(negotiation.SopClassUid, "common extended negotiation SOP class UID").Length
            + 2 + PduWriting.CheckUid(negotiation.ServiceClassUid, "service class UID").Length
            + 2;
        foreach (var related in negotiation.RelatedGeneralSopClassUids)
        {
            length += 2 + PduWriting.CheckUid(related, "related general SOP class UID").Length;
        }

        return length;
    }

    private static void WriteUidPrefixed(IBufferWriter<byte> writer, byte itemType, string uid, int trailingLength)
    {
        var size = PduWriting.ItemHeaderLength + 2 + uid.Length;
        var span = writer.GetSpan(size);
        PduWriting.WriteItemHeader(span, itemType, 2 + uid.Length + trailingLength);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)uid.Length);
        PduText.WriteAscii(span.Slice(6, uid.Length), uid);
        writer.Advance(size);
    }

    private static void WriteLengthPrefixedUid(IBufferWriter<byte> writer, string uid)
    {
        var span = writer.GetSpan(2 + uid.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)uid.Length);
        PduText.WriteAscii(span.Slice(2, uid.Length), uid);
        writer.Advance(2 + uid.Length);
    }

    private static void WriteCommonExtended(IBufferWriter<byte> writer, SopClassCommonExtendedNegotiation negotiation)
    {
        var contentLength = CommonExtendedContentLength(negotiation);
        var relatedLength = contentLength - 2 - negotiation.SopClassUid.Length - 2 - negotiation.ServiceClassUid.Length - 2;
        WriteUidPrefixed(writer, SopClassCommonExtendedNegotiationType, negotiation.SopClassUid,
            contentLength - 2 - negotiation.SopClassUid.Length);
        WriteLengthPrefixedUid(writer, negotiation.ServiceClassUid);
        var span = writer.GetSpan(2);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)relatedLength);
        writer.Advance(2);
        foreach (var related in negotiation.RelatedGeneralSopClassUids)
        {
            WriteLengthPrefixedUid(writer, related);
        }
    }
}
