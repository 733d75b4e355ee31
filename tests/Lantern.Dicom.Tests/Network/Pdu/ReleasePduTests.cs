using System.Buffers;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class ReleasePduTests
{
    [Fact]
    public void WriteRequest_Always_MatchesStandardLayout()
    {
        Assert.Equal(new byte[] { 0x05, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00 }, Written(ReleasePdu.WriteRequest));
    }

    [Fact]
    public void WriteResponse_Always_MatchesStandardLayout()
    {
        Assert.Equal(new byte[] { 0x06, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00 }, Written(ReleasePdu.WriteResponse));
    }

    [Fact]
    public void TryRead_WrittenRequestAndResponse_FramedWithTheirTypes()
    {
        var buffer = new ReadOnlySequence<byte>(Concat(Written(ReleasePdu.WriteRequest), Written(ReleasePdu.WriteResponse)));

        Assert.Equal(PduReadStatus.Complete, PduReader.TryRead(ref buffer, 16, out var first, out var firstBody));
        ReleasePdu.Parse(firstBody);
        Assert.Equal(PduReadStatus.Complete, PduReader.TryRead(ref buffer, 16, out var second, out var secondBody));
        ReleasePdu.Parse(secondBody);

        Assert.Equal(PduType.ReleaseRequest, first);
        Assert.Equal(PduType.ReleaseResponse, second);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Parse_BodyNotFourBytes_Rejected()
    {
        var e = Assert.Throws<PduException>(() => ReleasePdu.Parse(new ReadOnlySequence<byte>(new byte[8])));

        Assert.Equal(PduRejectionReason.InvalidPduLength, e.Rejection);
    }
}
