using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A-ABORT PDU (PS3.8 §9.3.8): 10 bytes. Values outside the standard's are kept as received, not
/// refused: the association is over either way.
/// </summary>
public readonly record struct AbortPdu(AbortSource Source, AbortReason Reason)
{
    /// <summary>The PDU-length field of every A-ABORT.</summary>
    public const int BodyLength = 4;

    public void WriteTo(IBufferWriter<byte> writer)
    {
        const int size = PduReader.HeaderLength + BodyLength;
        var span = writer.GetSpan(size);
        PduWriting.WriteHeader(span, PduType.Abort, BodyLength);
        span[6] = 0;
        span[7] = 0;
        span[8] = (byte)Source;
        span[9] = Source == AbortSource.ServiceProvider ? (byte)Reason : (byte)0;
        writer.Advance(size);
    }

    /// <summary>Parses the 4-byte body (after the header).</summary>
    public static AbortPdu Parse(ReadOnlySequence<byte> body)
    {
        Span<byte> bytes = stackalloc byte[BodyLength];
        PduBody.CopyFixed(body, bytes);
        return new AbortPdu((AbortSource)bytes[2], (AbortReason)bytes[3]);
    }
}
