using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A received PDU body as one span: the buffer's own memory when it is one segment, else a pooled
/// copy (A-ASSOCIATE bodies are a few kilobytes and were bounded by <see cref="PduReader"/>).
/// </summary>
internal static class PduBody
{
    public static ReadOnlySpan<byte> AsSpan(in ReadOnlySequence<byte> body, out byte[]? rented)
    {
        rented = null;
        if (body.IsSingleSegment)
        {
            return body.FirstSpan;
        }

        if (body.Length > Array.MaxLength)
        {
            PduException.Throw(PduRejectionReason.PduLengthAboveLimit);
        }

        var length = (int)body.Length;
        rented = ArrayPool<byte>.Shared.Rent(length);
        body.CopyTo(rented);
        return rented.AsSpan(0, length);
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The 4 bytes of a fixed-size PDU body (A-ASSOCIATE-RJ, A-RELEASE-RQ/RP, A-ABORT).</summary>
    public static void CopyFixed(in ReadOnlySequence<byte> body, Span<byte> destination)
    {
        if (body.Length != destination.Length)
        {
            PduException.Throw(PduRejectionReason.InvalidPduLength);
        }

        body.CopyTo(destination);
    }
}
