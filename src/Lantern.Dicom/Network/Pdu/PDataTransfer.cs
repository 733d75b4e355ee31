using System.Buffers;
using System.Buffers.Binary;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// P-DATA-TF PDU (PS3.8 §9.3.5): one or more Presentation Data Value Items, each a 4-byte length,
/// the presentation context id, the message control header and the fragment.
/// </summary>
public static class PDataTransfer
{
    /// <summary>PDU header, PDV item length, context id and message control header: size fragments with it.</summary>
    public const int PduOverhead = 6 + 4 + 2;

    private const byte CommandBit = 0x01;
    private const byte LastFragmentBit = 0x02;

    /// <summary>
    /// Reads the next PDV of a P-DATA-TF body without copying or allocating; false at the end of
    /// the body. A PDV whose length is below 2 or runs past the body is a <see cref="PduException"/>
    /// (<see cref="AbortReason.InvalidPduParameterValue"/>). Bits 2-7 of the control header are
    /// reserved and not tested.
    /// </summary>
    public static bool TryReadNext(ref SequenceReader<byte> body, out PresentationDataValue value)
    {
        value = default;
        if (body.End)
        {
            return false;
        }

        if (!body.TryReadBigEndian(out int signedLength))
        {
            PduException.Throw(PduRejectionReason.InvalidPdvLength, "the body ends inside a PDV length");
        }

        var length = (uint)signedLength;
        if (length < 2 || length > body.Remaining)
        {
            PduException.Throw(PduRejectionReason.InvalidPdvLength, $"{length} bytes, {body.Remaining} left in the PDU");
        }

        body.TryRead(out var contextId);
        body.TryRead(out var control);
        var data = body.UnreadSequence.Slice(0, length - 2);
        body.Advance(length - 2);
        value = new PresentationDataValue(contextId, (control & CommandBit) != 0, (control & LastFragmentBit) != 0, data);
        return true;
    }

    /// <summary>Writes one P-DATA-TF PDU holding one PDV with <paramref name="data"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, byte contextId, bool isCommand, bool isLast, ReadOnlySpan<byte> data)
    {
        WriteHeader(writer, contextId, isCommand, isLast, data.Length);
        writer.Write(data);
    }

    /// <summary>
    /// Writes the first <see cref="PduOverhead"/> bytes of a P-DATA-TF PDU holding one PDV of
    /// <paramref name="dataLength"/> bytes; the caller then writes exactly that many bytes (for
    /// example a data set encoded straight into the same writer).
    /// </summary>
    public static void WriteHeader(IBufferWriter<byte> writer, byte contextId, bool isCommand, bool isLast, int dataLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        if ((contextId & 1) == 0)
        {
            throw new ArgumentException($"Presentation context ids are odd; {contextId} is not.", nameof(contextId));
        }

        var span = writer.GetSpan(PduOverhead);
        PduWriting.WriteHeader(span, PduType.DataTransfer, (uint)dataLength + 6);
        BinaryPrimitives.WriteUInt32BigEndian(span[6..], (uint)dataLength + 2);
        span[10] = contextId;
        span[11] = (byte)((isCommand ? CommandBit : 0) | (isLast ? LastFragmentBit : 0));
        writer.Advance(PduOverhead);
    }
}
