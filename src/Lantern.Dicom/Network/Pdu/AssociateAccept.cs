using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-AC PDU (PS3.8 §9.3.3): the fields of the request, with one Presentation Context
/// Item (21H) answering each proposed context. The AE title fields echo the request and are not
/// to be tested, so they are read leniently and may be written empty (16 spaces). A transfer
/// syntax is required only for an accepted context; for others it is not significant.
/// </summary>
public sealed class AssociateAccept
{
    private const byte PresentationContextItemType = 0x21;

    public ushort ProtocolVersion { get; set; } = 1;

    /// <summary>The request's called AE title, echoed.</summary>
    public string CalledAE { get; set; } = "";

    /// <summary>The request's calling AE title, echoed.</summary>
    public string CallingAE { get; set; } = "";

    public string ApplicationContextName { get; set; } = AssociateRequest.DicomApplicationContextName;

    public List<PresentationContextResponse> PresentationContexts { get; set; } = [];

    public UserInformation UserInformation { get; set; } = new();

    /// <summary>
    /// Writes the whole PDU, header included; validates first and throws
    /// <see cref="InvalidOperationException"/> (nothing written) for what cannot be encoded.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        AssociateCodec.CheckAeTitle(CalledAE, "called AE title", allowEmpty: true);
        AssociateCodec.CheckAeTitle(CallingAE, "calling AE title", allowEmpty: true);
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
            throw new InvalidOperationException("An A-ASSOCIATE-AC holds at least one presentation context.");
        }

        var userInformationSize = UserInformation.ComputeSize();
        bodyLength += userInformationSize;

        AssociateCodec.WriteFixedFields(writer, PduType.AssociateAccept, bodyLength, ProtocolVersion, CalledAE, CallingAE);
        PduWriting.WriteTextItem(writer, AssociateCodec.ApplicationContextItemType, applicationContext);
        foreach (var context in PresentationContexts)
        {
            WriteItem(writer, context);
        }

        UserInformation.WriteTo(writer, userInformationSize);
    }

    /// <summary>Parses the body of an A-ASSOCIATE-AC (what follows the 6-byte header).</summary>
    public static AssociateAccept Parse(ReadOnlySequence<byte> body)
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

    private static AssociateAccept Parse(ReadOnlySpan<byte> body)
    {
        var reader = new PduSpanReader(body);
        AssociateCodec.ReadFixedFields(ref reader, strictAETitles: false, out var version, out var called, out var calling);
        var result = new AssociateAccept { ProtocolVersion = version, CalledAE = called, CallingAE = calling };
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

    private static PresentationContextResponse ParseItem(ReadOnlySpan<byte> item, ref PresentationContextIdSet ids)
    {
        var reader = new PduSpanReader(item);
        var id = reader.ReadByte();
        reader.ReadByte();
        var rawResult = reader.ReadByte();
        reader.ReadByte();
        ids.Add(id);
        if (rawResult > (byte)PresentationContextResult.TransferSyntaxesNotSupported)
        {
            PduException.Throw(PduRejectionReason.InvalidPresentationContextResult, $"{rawResult} for presentation context {id}");
        }

        var result = (PresentationContextResult)rawResult;
        var accepted = result == PresentationContextResult.Acceptance;
        string? transferSyntax = null;
        var transferSyntaxSeen = false;
        while (!reader.End)
        {
            var subItem = reader.ReadItem(out var type);
            if (type != AssociateCodec.TransferSyntaxSubItemType)
            {
                continue;
            }

            if (transferSyntaxSeen)
            {
                PduException.Throw(PduRejectionReason.DuplicateItem, $"transfer syntax of presentation context {id}");
            }

            transferSyntaxSeen = true;

            // Not significant, and not to be tested, unless the context is accepted.
            transferSyntax = accepted ? PduText.ReadUid(subItem) : "";
        }

        if (accepted && transferSyntax is null)
        {
            PduException.Throw(PduRejectionReason.MissingItem, $"transfer syntax of accepted presentation context {id}");
        }

        return new PresentationContextResponse(id, result, transferSyntax ?? "");
    }

    private static int ItemSize(PresentationContextResponse context)
    {
        if (context.Result == PresentationContextResult.Acceptance || context.TransferSyntax.Length > 0)
        {
            PduWriting.CheckUid(context.TransferSyntax, $"transfer syntax of presentation context {context.Id}");
        }

        if ((byte)context.Result > (byte)PresentationContextResult.TransferSyntaxesNotSupported)
        {
            throw new InvalidOperationException($"Presentation context {context.Id} has result {(byte)context.Result}, not one of PS3.8's.");
        }

        return PduWriting.ItemHeaderLength + 4 + PduWriting.ItemHeaderLength + context.TransferSyntax.Length;
    }

    /// <summary>
    /// The item, with its Transfer Syntax sub-item always present: empty for a context not
    /// accepted unless one is given.
    /// </summary>
    private static void WriteItem(IBufferWriter<byte> writer, PresentationContextResponse context)
    {
        var size = ItemSize(context);
        var span = writer.GetSpan(size)[..size];
        PduWriting.WriteItemHeader(span, PresentationContextItemType, size - PduWriting.ItemHeaderLength);
        span[4] = context.Id;
        span[5] = 0;
        span[6] = (byte)context.Result;
        span[7] = 0;
        PduWriting.WriteItemHeader(span[8..], AssociateCodec.TransferSyntaxSubItemType, context.TransferSyntax.Length);
        PduText.WriteAscii(span[12..], context.TransferSyntax);
        writer.Advance(size);
    }
}
