using System.Buffers;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>A PDU read back from the SCP by <see cref="RawDicomConnection"/>: its type byte and body (after the 6-byte header).</summary>
internal sealed record RawPdu(PduType Type, byte[] Body)
{
    /// <summary>The A-ABORT this PDU is; fails the test when it is another PDU or not 4 bytes long.</summary>
    public AbortPdu AsAbort()
    {
        Assert.True(Type == PduType.Abort, $"expected an A-ABORT (type 7), received {this}");
        Assert.Equal(AbortPdu.BodyLength, Body.Length);
        return AbortPdu.Parse(new ReadOnlySequence<byte>(Body));
    }

    public override string ToString() => $"{Type} ({(int)Type}), {Body.Length} bytes: {Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 16)))}";
}
