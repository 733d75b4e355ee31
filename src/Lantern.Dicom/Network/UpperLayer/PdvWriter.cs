using System.Buffers;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>Writes a message part as P-DATA-TF PDUs of one PDV each, none longer than the peer accepts.</summary>
internal static class PdvWriter
{
    /// <summary>What we send per PDU when the peer sets no limit (maximum length 0).</summary>
    private const uint UnlimitedChunk = 256 * 1024;

    /// <summary>
    /// Splits <paramref name="data"/> into PDVs; the last carries the last-fragment bit when
    /// <paramref name="isLast"/> is set (a data set streamed in pieces sets it on its final piece only).
    /// </summary>
    public static void Write(IBufferWriter<byte> writer, byte contextId, bool isCommand, ReadOnlySpan<byte> data, bool isLast, uint peerMaximumPduLength)
    {
        var chunk = MaximumPayload(peerMaximumPduLength);
        do
        {
            var length = Math.Min(chunk, data.Length);
            PDataTransfer.Write(writer, contextId, isCommand, isLast && length == data.Length, data[..length]);
            data = data[length..];
        }
        while (!data.IsEmpty);
    }

    /// <summary>Data bytes per PDV so that the whole P-DATA-TF PDU fits the peer's maximum length.</summary>
    public static int MaximumPayload(uint peerMaximumPduLength)
    {
        // The maximum length counts the PDU's body: PDV length (4) + context id (1) + control header (1) + data.
        var limit = peerMaximumPduLength == 0 ? UnlimitedChunk : Math.Min(peerMaximumPduLength, UnlimitedChunk);
        if (limit <= 6)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, PduRejectionReason.Unspecified, $"a maximum PDU length of {peerMaximumPduLength} leaves no room for data");
        }

        return (int)(limit - 6);
    }
}
