using System.Buffers;
using System.Runtime.InteropServices;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class PDataTransferTests
{
    [Fact]
    public void Write_LastCommandFragment_MatchesStandardLayout()
    {
        var written = Written(writer => PDataTransfer.Write(writer, contextId: 1, isCommand: true, isLast: true, [0x08, 0x00, 0x00, 0x00]));

        // PS3.8 §9.3.5 and Annex E: type 04H, reserved, PDU length 10; PDV length 6, context id 1,
        // control header 03H (command, last fragment), the 4 data bytes.
        Assert.Equal(
            new byte[] { 0x04, 0x00, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x08, 0x00, 0x00, 0x00 },
            written);
    }

    [Theory]
    [InlineData(false, false, 0x00)]
    [InlineData(true, false, 0x01)]
    [InlineData(false, true, 0x02)]
    [InlineData(true, true, 0x03)]
    public void Write_ControlHeader_CommandBitZeroLastBitOne(bool isCommand, bool isLast, byte expected)
    {
        var written = Written(writer => PDataTransfer.Write(writer, 5, isCommand, isLast, []));

        Assert.Equal(12, written.Length);
        Assert.Equal(expected, written[11]);
    }

    [Fact]
    public void WriteHeader_ThenData_SameAsWrite()
    {
        var data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

        var streamed = Written(writer =>
        {
            PDataTransfer.WriteHeader(writer, 3, isCommand: false, isLast: false, data.Length);
            writer.Write(data);
        });

        Assert.Equal(Written(writer => PDataTransfer.Write(writer, 3, false, false, data)), streamed);
        Assert.Equal(PDataTransfer.PduOverhead + data.Length, streamed.Length);
    }

    [Fact]
    public void Write_EvenContextId_Throws()
    {
        Assert.Throws<ArgumentException>(() => PDataTransfer.Write(new ArrayBufferWriter<byte>(), 2, false, true, [1]));
    }

    [Fact]
    public void TryReadNext_TwoPdvs_ReadsBothThenFalse()
    {
        var body = Concat(
            UInt32(4), [1, 0x03], [0xAA, 0xBB],
            UInt32(5), [3, 0x00], [1, 2, 3]);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(body));

        Assert.True(PDataTransfer.TryReadNext(ref reader, out var first));
        Assert.True(PDataTransfer.TryReadNext(ref reader, out var second));
        Assert.False(PDataTransfer.TryReadNext(ref reader, out _));

        Assert.Equal((1, true, true), (first.PresentationContextId, first.IsCommand, first.IsLast));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, first.Data.ToArray());
        Assert.Equal((3, false, false), (second.PresentationContextId, second.IsCommand, second.IsLast));
        Assert.Equal(new byte[] { 1, 2, 3 }, second.Data.ToArray());
    }

    [Fact]
    public void TryReadNext_WrittenPdu_DataIsASliceOfTheReceivedBuffer()
    {
        var pdu = Written(writer => PDataTransfer.Write(writer, 7, false, true, [9, 8, 7, 6, 5]));
        var buffer = new ReadOnlySequence<byte>(pdu);
        Assert.Equal(PduReadStatus.Complete, PduReader.TryRead(ref buffer, 1024, out var type, out var body));
        var reader = new SequenceReader<byte>(body);

        Assert.True(PDataTransfer.TryReadNext(ref reader, out var pdv));

        Assert.Equal(PduType.DataTransfer, type);
        Assert.True(MemoryMarshal.TryGetArray(pdv.Data.First, out var segment));
        Assert.Same(pdu, segment.Array);
        Assert.Equal(PDataTransfer.PduOverhead, segment.Offset);
        Assert.Equal(5, segment.Count);
    }

    [Fact]
    public void TryReadNext_BodyInOneByteSegments_DataSpansThem()
    {
        var data = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        var pdu = Written(writer => PDataTransfer.Write(writer, 1, true, false, data));
        var reader = new SequenceReader<byte>(EveryByteASegment(pdu[6..]));

        Assert.True(PDataTransfer.TryReadNext(ref reader, out var pdv));

        Assert.Equal(data, pdv.Data.ToArray());
        Assert.False(pdv.Data.IsSingleSegment);
        Assert.False(PDataTransfer.TryReadNext(ref reader, out _));
    }

    [Fact]
    public void TryReadNext_ManyPdvs_AllocatesNothing()
    {
        var body = Concat([.. Enumerable.Range(0, 1000).Select(i => Concat(UInt32(10), [1, 0], new byte[8]))]);
        var sequence = new ReadOnlySequence<byte>(body);
        CountPdvs(sequence);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = CountPdvs(sequence);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, count);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    public void TryReadNext_PdvShorterThanTwoBytes_Rejected(uint length)
    {
        var e = Assert.Throws<PduException>(() => CountPdvs(new ReadOnlySequence<byte>(Concat(UInt32(length), [1, 0]))));

        Assert.Equal(PduRejectionReason.InvalidPdvLength, e.Rejection);
        Assert.Equal(AbortReason.InvalidPduParameterValue, e.Reason);
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(0xFFFFFFFFu)]
    public void TryReadNext_PdvRunningPastTheBody_Rejected(uint length)
    {
        var body = Concat(UInt32(4), [1, 0], [1, 2], UInt32(length), [1, 0], [1, 2, 3, 4]);

        var e = Assert.Throws<PduException>(() => CountPdvs(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidPdvLength, e.Rejection);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TryReadNext_BodyEndingInsideALength_Rejected(int leftover)
    {
        var body = Concat(UInt32(3), [1, 0], [1], new byte[leftover]);

        var e = Assert.Throws<PduException>(() => CountPdvs(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidPdvLength, e.Rejection);
    }

    [Fact]
    public void TryReadNext_MutatedAndRandomBodies_ThrowOnlyPduException()
    {
        var valid = Concat(UInt32(4), [1, 0x03], [0xAA, 0xBB], UInt32(5), [3, 0x00], [1, 2, 3]);

        PduFuzz.Run(valid, body => CountPdvs(body), seed: 8_1_9_3_5);
    }

    private static int CountPdvs(ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        var count = 0;
        while (PDataTransfer.TryReadNext(ref reader, out var pdv))
        {
            _ = pdv.Data.Length;
            count++;
        }

        return count;
    }
}
