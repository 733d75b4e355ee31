using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RQ and A-RELEASE-RP PDUs (PS3.8 §9.3.6, §9.3.7): a header and 4 reserved bytes.</summary>
public static class ReleasePdu
{
    /// <summary>The PDU-length field of both.</summary>
    public const int BodyLength = 4;

    public static void WriteRequest(IBufferWriter<byte> writer) => Write(writer, PduType.ReleaseRequest);

    public static void WriteResponse(IBufferWriter<byte> writer) => Write(writer, PduType.ReleaseResponse);

    /// <summary>Checks a received body: 4 bytes, whose values are reserved and not tested.</summary>
    public static void Parse(ReadOnlySequence<byte> body)
    {
        Span<byte> bytes = stackalloc byte[BodyLength];
        PduBody.CopyFixed(body, bytes);
    }

    private static void Write(IBufferWriter<byte> writer, PduType type)
    {
        const int size = PduReader.HeaderLength + BodyLength;
        var span = writer.GetSpan(size);
        PduWriting.WriteHeader(span, type, BodyLength);
        span.Slice(PduReader.HeaderLength, BodyLength).Clear();
        writer.Advance(size);
    }
}
