using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-RQ PDU (PS3.8 §9.3.2): the fixed fields, one Application Context Item, 1 to 128
/// Presentation Context Items (20H) and one User Information Item. Items of unknown types are
/// skipped (§9.3.1); a missing mandatory item, a repeated single item, an even or repeated
/// presentation context id, more than 128 contexts, or a length past its parent is a
/// <see cref="PduException"/>. Values the association layer judges (protocol version, AE titles,
/// the application context name) are handed up as received.
/// </summary>
public sealed class AssociateRequest
{
    /// <summary>The DICOM Application Context Name (PS3.7 Annex A.2.1).</summary>
    public const string DicomApplicationContextName = "1.2.840.10008.3.1.1.1";

    /// <summary>Ids are odd numbers 1 to 255: no more than 128 presentation contexts can be told apart.</summary>
    public const int MaxPresentationContexts = 128;

    private const byte PresentationContextItemType = 0x20;
    private const byte AbstractSyntaxSubItemType = 0x30;

    /// <summary>Bit 0 set: version 1, the only one (PS3.8 §9.3.2); a receiver tests only that bit.</summary>
    public ushort ProtocolVersion { get; set; } = 1;

    /// <summary>The called AE title, trimmed; 1 to 16 characters when written.</summary>
    public string CalledAE { get; set; } = "";

    /// <summary>The calling AE title, trimmed; 1 to 16 characters when written.</summary>
    public string CallingAE { get; set; } = "";

    public string ApplicationContextName { get; set; } = DicomApplicationContextName;

    public List<PresentationContextRequest> PresentationContexts { get; set; } = [];

    public UserInformation UserInformation { get; set; } = new();

    /// <summary>
    /// Writes the whole PDU, header included. Validates first and throws
    /// <see cref="InvalidOperationException"/> (nothing written) for what cannot be encoded: an AE
    /// title empty or over 16 characters, a malformed UID, an even or repeated id, no or more than
    /// 128 contexts, an item over 65,535 bytes.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        AssociateCodec.CheckAeTitle(CalledAE, "called AE title", allowEmpty: false);
        AssociateCodec.CheckAeTitle(CallingAE, "calling AE title", allowEmpty: false);
        var applicationContext = PduWriting.CheckUid(ApplicationContextName, "application context name");
        var ids = new PresentationContextIdSet();
        var bodyLength = AssociateCodec.FixedFieldsLength + PduWriting.ItemHeaderLength + applicationContext.Length;
        foreach (var context in PresentationContexts)
        {
            ids.AddOutgoing(context.Id);
            bodyLength += ItemSize(context);
        }

        if (ids.Count == 0)
        {
            throw new InvalidOperationException("An A-ASSOCIATE-RQ holds at least one presentation context.");
        }

        var userInformationSize = UserInformation.ComputeSize();
        bodyLength += userInformationSize;

        AssociateCodec.WriteFixedFields(writer, PduType.AssociateRequest, bodyLength, ProtocolVersion, CalledAE, CallingAE);
        PduWriting.WriteTextItem(writer, AssociateCodec.ApplicationContextItemType, applicationContext);
        foreach (var context in PresentationContexts)
        {
            WriteItem(writer, context);
        }

        UserInformation.WriteTo(writer, userInformationSize);
    }

    /// <summary>Parses the body of an A-ASSOCIATE-RQ (what follows the 6-byte header).</summary>
    public static AssociateRequest Parse(ReadOnlySequence<byte> body)
    {
        var span = PduBody.AsSpan(body, out var rented);
        try
        {
            return Parse(span);
        }
        finally
        {
            PduBody.Return(rented);
        }
    }

    private static AssociateRequest Parse(ReadOnlySpan<byte> body)
    {
        var reader = new PduSpanReader(body);
        AssociateCodec.ReadFixedFields(ref reader, strictAETitles: true, out var version, out var called, out var calling);
        var result = new AssociateRequest { ProtocolVersion = version, CalledAE = called, CallingAE = calling };
        string? applicationContext = null;
        UserInformation? userInformation = null;
        var ids = new PresentationContextIdSet();
        while (!reader.End)
        {
            var item = reader.ReadItem(out var type);
            switch (type)
            {
                case AssociateCodec.ApplicationContextItemType:
                    applicationContext = AssociateCodec.ReadApplicationContext(item, applicationContext is not null);
                    break;
                case PresentationContextItemType:
                    ids.CheckRoomForOneMore();
                    result.PresentationContexts.Add(ParseItem(item, ref ids));
                    break;
                case UserInformation.ItemType:
                    AssociateCodec.CheckFirstUserInformation(userInformation);
                    userInformation = UserInformation.Parse(item);
                    break;
                default:
                    // PS3.8 §9.3.1: items of unrecognized types are ignored and skipped.
                    break;
            }
        }

        AssociateCodec.CheckMandatoryItems(applicationContext, ids.Count, userInformation);
        result.ApplicationContextName = applicationContext!;
        result.UserInformation = userInformation!;
        return result;
    }

    private static PresentationContextRequest ParseItem(ReadOnlySpan<byte> item, ref PresentationContextIdSet ids)
    {
        var reader = new PduSpanReader(item);
        var id = reader.ReadByte();
        reader.ReadBytes(3);
        ids.Add(id);
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        while (!reader.End)
        {
            var subItem = reader.ReadItem(out var type);
            switch (type)
            {
                case AbstractSyntaxSubItemType:
                    if (abstractSyntax is not null)
                    {
                        PduException.Throw(PduRejectionReason.DuplicateItem, $"abstract syntax of presentation context {id}");
                    }

                    abstractSyntax = PduText.ReadUid(subItem);
                    break;
                case AssociateCodec.TransferSyntaxSubItemType:
                    transferSyntaxes.Add(PduText.ReadUid(subItem));
                    break;
                default:
                    break;
            }
        }

        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            PduException.Throw(PduRejectionReason.MissingItem, $"{(abstractSyntax is null ? "abstract" : "transfer")} syntax of presentation context {id}");
        }

        return new PresentationContextRequest(id, abstractSyntax, transferSyntaxes);
    }

    private static int ItemSize(PresentationContextRequest context)
    {
        var length = 4 + PduWriting.ItemHeaderLength + PduWriting.CheckUid(context.AbstractSyntax, "abstract syntax").Length;
        if (context.TransferSyntaxes.Count == 0)
        {
            throw new InvalidOperationException($"Presentation context {context.Id} offers no transfer syntax.");
        }

        foreach (var transferSyntax in context.TransferSyntaxes)
        {
            length += PduWriting.ItemHeaderLength + PduWriting.CheckUid(transferSyntax, "transfer syntax").Length;
        }

        return PduWriting.ItemHeaderLength + PduWriting.CheckItemLength(length, $"presentation context {context.Id} item");
    }

    private static void WriteItem(IBufferWriter<byte> writer, PresentationContextRequest context)
    {
        var size = ItemSize(context);
        var span = writer.GetSpan(size)[..size];
        PduWriting.WriteItemHeader(span, PresentationContextItemType, size - PduWriting.ItemHeaderLength);
        span[4] = context.Id;
        span.Slice(5, 3).Clear();
        var position = 8;
        position += WriteSubItem(span[position..], AbstractSyntaxSubItemType, context.AbstractSyntax);
        foreach (var transferSyntax in context.TransferSyntaxes)
        {
            position += WriteSubItem(span[position..], AssociateCodec.TransferSyntaxSubItemType, transferSyntax);
        }

        writer.Advance(size);
    }

    private static int WriteSubItem(Span<byte> span, byte type, string uid)
    {
        PduWriting.WriteItemHeader(span, type, uid.Length);
        return PduWriting.ItemHeaderLength + PduText.WriteAscii(span[PduWriting.ItemHeaderLength..], uid);
    }
}
