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
    /// Writes the whole PDU, header included. Validates first and throws
    /// <see cref="InvalidOperationException"/> (nothing written) for what cannot be encoded: an AE
    /// title over 16 characters, a malformed UID, an even or repeated id, no or more than
    /// 128 contexts, an item over 65,535 bytes.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer) =>
        AssociateCodec.Write<ItemCodec, PresentationContextResponse>(writer, PduType.AssociateAccept, allowEmptyAETitles: true, ProtocolVersion,
            CalledAE, CallingAE, ApplicationContextName, PresentationContexts, UserInformation);

    /// <summary>Parses the body of an A-ASSOCIATE-AC (what follows the 6-byte header).</summary>
    public static AssociateAccept Parse(ReadOnlySequence<byte> body)
    {
        var fields = AssociateCodec.Parse<ItemCodec, PresentationContextResponse>(body, strictAETitles: false);
        return new AssociateAccept
        {
            ProtocolVersion = fields.ProtocolVersion,
            CalledAE = fields.CalledAE,
            CallingAE = fields.CallingAE,
            ApplicationContextName = fields.ApplicationContextName,
            PresentationContexts = fields.PresentationContexts,
            UserInformation = fields.UserInformation,
        };
    }

    /// <summary>The presentation context items of this PDU.</summary>
    private sealed class ItemCodec : IPresentationContextItemCodec<PresentationContextResponse>
    {
        public static byte ItemType => PresentationContextItemType;

        public static byte IdOf(PresentationContextResponse context) => context.Id;

        public static PresentationContextResponse Parse(ReadOnlySpan<byte> item, ref PresentationContextIdSet ids)
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

        public static int Size(PresentationContextResponse context)
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
        public static void Write(IBufferWriter<byte> writer, PresentationContextResponse context)
        {
            var size = Size(context);
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
}
