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

    /// <summary>
    /// Writes a whole A-ASSOCIATE-RQ or -AC, header included; validates first and throws
    /// <see cref="InvalidOperationException"/> (nothing written) for what cannot be encoded.
    /// </summary>
    public static void Write<TCodec, TContext>(IBufferWriter<byte> writer, PduType type, bool allowEmptyAETitles, ushort protocolVersion,
        string calledAE, string callingAE, string applicationContextName, List<TContext> contexts, UserInformation userInformation)
        where TCodec : IPresentationContextItemCodec<TContext>
    {
        CheckAeTitle(calledAE, "called AE title", allowEmptyAETitles);
        CheckAeTitle(callingAE, "calling AE title", allowEmptyAETitles);
        var applicationContext = PduWriting.CheckUid(applicationContextName, "application context name");
        var ids = new PresentationContextIdSet();
        var bodyLength = FixedFieldsLength + PduWriting.ItemHeaderLength + applicationContext.Length;
        foreach (var context in contexts)
        {
            ids.AddOutgoing(TCodec.IdOf(context));
            bodyLength += TCodec.Size(context);
        }

        if (ids.Count == 0)
        {
            var name = type == PduType.AssociateRequest ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC";
            throw new InvalidOperationException($"An {name} holds at least one presentation context.");
        }

        var userInformationSize = userInformation.ComputeSize();
        bodyLength += userInformationSize;

        WriteFixedFields(writer, type, bodyLength, protocolVersion, calledAE, callingAE);
        PduWriting.WriteTextItem(writer, ApplicationContextItemType, applicationContext);
        foreach (var context in contexts)
        {
            TCodec.Write(writer, context);
        }

        userInformation.WriteTo(writer, userInformationSize);
    }

    /// <summary>
    /// Parses the body of an A-ASSOCIATE-RQ or -AC (what follows the 6-byte header). Items of
    /// unknown types are skipped (PS3.8 §9.3.1); missing or repeated mandatory items are refused.
    /// </summary>
    public static AssociateFields<TContext> Parse<TCodec, TContext>(ReadOnlySequence<byte> body, bool strictAETitles)
        where TCodec : IPresentationContextItemCodec<TContext>
    {
        var span = PduBody.AsSpan(body, out var rented);
        try
        {
            return Parse<TCodec, TContext>(span, strictAETitles);
        }
        finally
        {
            PduBody.Return(rented);
        }
    }

    private static AssociateFields<TContext> Parse<TCodec, TContext>(ReadOnlySpan<byte> body, bool strictAETitles)
        where TCodec : IPresentationContextItemCodec<TContext>
    {
        var reader = new PduSpanReader(body);
        ReadFixedFields(ref reader, strictAETitles, out var version, out var called, out var calling);
        string? applicationContext = null;
        UserInformation? userInformation = null;
        var contexts = new List<TContext>();
        var ids = new PresentationContextIdSet();
        while (!reader.End)
        {
            var item = reader.ReadItem(out var type);
            if (type == ApplicationContextItemType)
            {
                if (applicationContext is not null)
                {
                    PduException.Throw(PduRejectionReason.DuplicateItem, "application context item");
                }

                applicationContext = PduText.ReadUid(item);
            }
            else if (type == TCodec.ItemType)
            {
                ids.CheckRoomForOneMore();
                contexts.Add(TCodec.Parse(item, ref ids));
            }
            else if (type == UserInformation.ItemType)
            {
                if (userInformation is not null)
                {
                    PduException.Throw(PduRejectionReason.DuplicateItem, "user information item");
                }

                userInformation = UserInformation.Parse(item);
            }
        }

        CheckMandatoryItems(applicationContext, ids.Count, userInformation);
        return new AssociateFields<TContext>(version, called, calling, applicationContext!, contexts, userInformation!);
    }

    private static void WriteFixedFields(IBufferWriter<byte> writer, PduType type, int bodyLength, ushort protocolVersion, string calledAE, string callingAE)
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

    private static void ReadFixedFields(ref PduSpanReader reader, bool strictAETitles, out ushort protocolVersion, out string calledAE, out string callingAE)
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

    private static void CheckAeTitle(string? value, string what, bool allowEmpty)
    {
        if (!PduText.IsValidAeTitle(value, allowEmpty))
        {
            throw new InvalidOperationException(
                $"The {what} '{value}' is not an AE title: {(allowEmpty ? 0 : 1)} to 16 printable ASCII characters without backslash.");
        }
    }

    /// <summary>Refuses a PDU without the items PS3.8 requires of it.</summary>
    private static void CheckMandatoryItems(string? applicationContext, int presentationContexts, UserInformation? userInformation)
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
