using System.Buffers;
using System.Buffers.Binary;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// Frames PDUs in received bytes (PS3.8 §9.3.1: type, reserved, 4-byte big-endian length). The
/// header is judged as soon as its 6 bytes are there, before waiting for a body: an unknown type,
/// a length above the caller's limit, or a length no PDU of that type can have is refused at once.
/// </summary>
public static class PduReader
{
    public const int HeaderLength = 6;

    /// <summary>
    /// When a whole PDU is at the start of <paramref name="buffer"/>: slices its type and body (what
    /// follows the header), advances <paramref name="buffer"/> past it and returns
    /// <see cref="PduReadStatus.Complete"/>. Otherwise leaves <paramref name="buffer"/> as it is and
    /// returns <see cref="PduReadStatus.NeedMoreData"/>: with a pipe, AdvanceTo(buffer.Start, buffer.End).
    /// </summary>
    /// <param name="maximumLength">
    /// The largest PDU-length field accepted (the body, header excluded): for P-DATA-TF the Maximum
    /// Length we announced, for A-ASSOCIATE our own bound. A larger declared length is refused.
    /// </param>
    /// <exception cref="PduException">
    /// An unrecognized PDU type (<see cref="AbortReason.UnrecognizedPdu"/>); a declared length above
    /// <paramref name="maximumLength"/> or impossible for its type (<see cref="AbortReason.InvalidPduParameterValue"/>).
    /// </exception>
    public static PduReadStatus TryRead(ref ReadOnlySequence<byte> buffer, uint maximumLength, out PduType type, out ReadOnlySequence<byte> body)
    {
        type = default;
        body = default;
        if (buffer.IsEmpty)
        {
            return PduReadStatus.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        var available = (int)Math.Min(buffer.Length, HeaderLength);
        buffer.Slice(0, available).CopyTo(header);

        // The type is judged from its own byte, without waiting for the rest of the header.
        var declaredType = header[0];
        if (declaredType is < (byte)PduType.AssociateRequest or > (byte)PduType.Abort)
        {
            PduException.Throw(PduRejectionReason.UnrecognizedPduType, $"{declaredType:X2}H");
        }

        if (available < HeaderLength)
        {
            return PduReadStatus.NeedMoreData;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        if (length > maximumLength)
        {
            PduException.Throw(PduRejectionReason.PduLengthAboveLimit, $"{(PduType)declaredType} declares {length} bytes, the limit is {maximumLength}");
        }

        CheckLength((PduType)declaredType, length);
        if ((ulong)(buffer.Length - HeaderLength) < length)
        {
            return PduReadStatus.NeedMoreData;
        }

        type = (PduType)declaredType;
        body = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(body.End);
        return PduReadStatus.Complete;
    }

    private static void CheckLength(PduType type, uint length)
    {
        var valid = type switch
        {
            PduType.AssociateRequest or PduType.AssociateAccept => length >= AssociateCodec.FixedFieldsLength,

            // At least one PDV: a 4-byte length, the context id and the control header.
            PduType.DataTransfer => length >= PDataTransfer.PduOverhead - HeaderLength,
            _ => length == ReleasePdu.BodyLength,
        };
        if (!valid)
        {
            PduException.Throw(PduRejectionReason.InvalidPduLength, $"{type} declares {length} bytes");
        }
    }
}
