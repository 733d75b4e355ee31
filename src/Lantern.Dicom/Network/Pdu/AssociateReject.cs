using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4): 10 bytes. <see cref="Reason"/> is read with
/// <see cref="Source"/>; see <see cref="AssociateRejectReason"/>. Values outside the standard's
/// are kept as received, not refused: the association ends either way.
/// </summary>
public readonly record struct AssociateReject(AssociateRejectResult Result, AssociateRejectSource Source, byte Reason)
{
    /// <summary>The PDU-length field of every A-ASSOCIATE-RJ.</summary>
    public const int BodyLength = 4;

    public void WriteTo(IBufferWriter<byte> writer)
    {
        const int size = PduReader.HeaderLength + BodyLength;
        var span = writer.GetSpan(size);
        PduWriting.WriteHeader(span, PduType.AssociateReject, BodyLength);
        span[6] = 0;
        span[7] = (byte)Result;
        span[8] = (byte)Source;
        span[9] = Reason;
        writer.Advance(size);
    }

    /// <summary>Parses the 4-byte body (after the header).</summary>
    public static AssociateReject Parse(ReadOnlySequence<byte> body)
    {
        Span<byte> bytes = stackalloc byte[BodyLength];
        PduBody.CopyFixed(body, bytes);
        return new AssociateReject((AssociateRejectResult)bytes[1], (AssociateRejectSource)bytes[2], bytes[3]);
    }
}
