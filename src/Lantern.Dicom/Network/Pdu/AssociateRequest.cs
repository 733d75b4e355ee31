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
    /// title over 16 characters, a malformed UID, an even or repeated id, no or more than
    /// 128 contexts, an item over 65,535 bytes.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> writer) =>
        AssociateCodec.Write<ItemCodec, PresentationContextRequest>(writer, PduType.AssociateRequest, allowEmptyAETitles: false, ProtocolVersion,
            CalledAE, CallingAE, ApplicationContextName, PresentationContexts, UserInformation);

    /// <summary>Parses the body of an A-ASSOCIATE-RQ (what follows the 6-byte header).</summary>
    public static AssociateRequest Parse(ReadOnlySequence<byte> body)
    {
        var fields = AssociateCodec.Parse<ItemCodec, PresentationContextRequest>(body, strictAETitles: true);
        return new AssociateRequest
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
    private sealed class ItemCodec : IPresentationContextItemCodec<PresentationContextRequest>
    {
        public static byte ItemType => PresentationContextItemType;

        public static byte IdOf(PresentationContextRequest context) => context.Id;

        public static PresentationContextRequest Parse(ReadOnlySpan<byte> item, ref PresentationContextIdSet ids)
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

        public static int Size(PresentationContextRequest context)
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

        public static void Write(IBufferWriter<byte> writer, PresentationContextRequest context)
        {
            var size = Size(context);
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
}
