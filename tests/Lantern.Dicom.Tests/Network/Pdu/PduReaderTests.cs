using System.Buffers;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class PduReaderTests
{
    private const uint Limit = 1024 * 1024;

    [Fact]
    public void TryRead_EveryPrefixOfAPdu_NeedMoreDataLeavingTheBufferAsItIs()
    {
        var pdu = Written(AssociateRequestTests.FullRequest().WriteTo);

        for (var length = 0; length < pdu.Length; length++)
        {
            // The prefix in two segments, cut at the middle, and in one segment per byte.
            foreach (var buffer in new[] { Split(pdu[..length], length / 2), EveryByteASegment(pdu[..length]) })
            {
                var before = buffer;
                var after = buffer;

                Assert.Equal(PduReadStatus.NeedMoreData, PduReader.TryRead(ref after, Limit, out _, out var body));

                Assert.Equal(before.Start, after.Start);
                Assert.Equal(before.End, after.End);
                Assert.True(body.IsEmpty);
            }
        }
    }

    [Fact]
    public void TryRead_PduSplitAtEveryByteBoundary_CompleteWithTheSameBody()
    {
        var pdu = Written(AssociateRequestTests.FullRequest().WriteTo);
        var trailing = Written(ReleasePdu.WriteRequest);
        var bytes = Concat(pdu, trailing);

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var buffer = Split(bytes, cut);

            Assert.Equal(PduReadStatus.Complete, PduReader.TryRead(ref buffer, Limit, out var type, out var body));

            Assert.Equal(PduType.AssociateRequest, type);
            Assert.Equal(pdu[6..], body.ToArray());
            Assert.Equal(trailing, buffer.ToArray());
        }
    }

    [Fact]
    public void TryRead_BytesArrivingOneByOne_CompleteOnlyWithTheLast()
    {
        var pdu = Written(writer => PDataTransfer.Write(writer, 1, false, true, new byte[100]));
        for (var received = 0; received <= pdu.Length; received++)
        {
            var buffer = EveryByteASegment(pdu[..received]);

            var status = PduReader.TryRead(ref buffer, Limit, out var type, out var body);

            Assert.Equal(received == pdu.Length ? PduReadStatus.Complete : PduReadStatus.NeedMoreData, status);
            if (status == PduReadStatus.Complete)
            {
                Assert.Equal(PduType.DataTransfer, type);
                Assert.Equal(106, body.Length);
                Assert.True(buffer.IsEmpty);
            }
        }
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x04)]
    [InlineData(0x07)]
    public void TryRead_FourGiBDeclaredWithOnlyTheHeader_RejectedAtOnce(byte type)
    {
        var buffer = new ReadOnlySequence<byte>([type, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]);

        var e = Assert.Throws<PduException>(() => PduReader.TryRead(ref buffer, Limit, out _, out _));

        Assert.Equal(PduRejectionReason.PduLengthAboveLimit, e.Rejection);
        Assert.Equal(AbortReason.InvalidPduParameterValue, e.Reason);
    }

    [Fact]
    public void TryRead_LengthAtTheLimit_Accepted()
    {
        var pdu = Written(writer => PDataTransfer.Write(writer, 1, false, true, new byte[94]));
        var buffer = new ReadOnlySequence<byte>(pdu);

        Assert.Equal(PduReadStatus.Complete, PduReader.TryRead(ref buffer, 100, out _, out var body));
        Assert.Equal(100, body.Length);

        buffer = new ReadOnlySequence<byte>(pdu);
        Assert.Throws<PduException>(() => PduReader.TryRead(ref buffer, 99, out _, out _));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x08)]
    [InlineData(0x47)]
    [InlineData(0xFF)]
    public void TryRead_UnknownTypeInTheFirstByte_RejectedAsUnrecognizedPdu(byte type)
    {
        var buffer = new ReadOnlySequence<byte>([type]);

        var e = Assert.Throws<PduException>(() => PduReader.TryRead(ref buffer, Limit, out _, out _));

        Assert.Equal(PduRejectionReason.UnrecognizedPduType, e.Rejection);
        Assert.Equal(AbortReason.UnrecognizedPdu, e.Reason);
    }

    [Theory]
    [InlineData(0x01, 67u)]
    [InlineData(0x02, 0u)]
    [InlineData(0x03, 5u)]
    [InlineData(0x04, 5u)]
    [InlineData(0x05, 3u)]
    [InlineData(0x06, 0u)]
    [InlineData(0x07, 100u)]
    public void TryRead_LengthImpossibleForTheType_RejectedWithTheHeaderOnly(byte type, uint length)
    {
        var buffer = new ReadOnlySequence<byte>(Concat([type, 0], UInt32(length)));

        var e = Assert.Throws<PduException>(() => PduReader.TryRead(ref buffer, Limit, out _, out _));

        Assert.Equal(PduRejectionReason.InvalidPduLength, e.Rejection);
    }

    [Fact]
    public void TryRead_EveryPduType_FramedWithItsType()
    {
        var bytes = Concat(
            Written(AssociateRequestTests.FullRequest().WriteTo),
            Written(new AssociateAccept
            {
                PresentationContexts = { new PresentationContextResponse(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2") },
            }.WriteTo),
            Written(new AssociateReject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, 1).WriteTo),
            Written(writer => PDataTransfer.Write(writer, 1, true, true, [1, 2])),
            Written(ReleasePdu.WriteRequest),
            Written(ReleasePdu.WriteResponse),
            Written(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified).WriteTo));
        var buffer = Split(bytes, 7, 100, 101, 300);
        var types = new List<PduType>();

        while (PduReader.TryRead(ref buffer, Limit, out var type, out _) == PduReadStatus.Complete)
        {
            types.Add(type);
        }

        Assert.Equal(Enum.GetValues<PduType>(), types);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryRead_CompletePdu_AllocatesNothing()
    {
        var bytes = Written(writer => PDataTransfer.Write(writer, 1, false, true, new byte[64]));
        var sequence = Split(bytes, 3, 20);
        var buffer = sequence;
        PduReader.TryRead(ref buffer, Limit, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        buffer = sequence;
        var status = PduReader.TryRead(ref buffer, Limit, out _, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(PduReadStatus.Complete, status);
        Assert.Equal(0, allocated);
    }
}
