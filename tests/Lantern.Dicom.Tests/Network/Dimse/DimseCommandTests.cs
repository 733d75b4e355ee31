using System.Buffers;
using System.Buffers.Binary;
using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Tests.Network.Dimse;

public sealed class DimseCommandTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string InstanceUid = "1.2.826.0.1.3680043.8.498.12345678901234567890";

    /// <summary>C-ECHO-RQ, Message ID 1, written out by hand from PS3.7 §9.3.5.1 and Annex E.</summary>
    private static readonly byte[] EchoRequestBytes =
    [
        0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00, // (0000,0000) UL 56
        0x00, 0x00, 0x02, 0x00, 0x12, 0x00, 0x00, 0x00, // (0000,0002) UI, 18 bytes
        (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'8', (byte)'4', (byte)'0', (byte)'.', (byte)'1',
        (byte)'0', (byte)'0', (byte)'0', (byte)'8', (byte)'.', (byte)'1', (byte)'.', (byte)'1', 0x00,
        0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x00, // (0000,0100) US 0030
        0x00, 0x00, 0x10, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, // (0000,0110) US 1
        0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01, // (0000,0800) US 0101
    ];

    [Fact]
    public void Encode_EchoRequest_MatchesHandBuiltBytes()
    {
        var bytes = DimseCommand.CreateEchoRequest(1).Encode();

        Assert.Equal(EchoRequestBytes, bytes);
        Assert.Equal(68, DimseCommand.CreateEchoRequest(1).EncodedLength);
    }

    [Fact]
    public void Decode_HandBuiltEchoRequest_GivesItsValues()
    {
        var command = DimseCommand.Decode(EchoRequestBytes);

        Assert.Equal(DimseCommandField.CEchoRequest, command.CommandField);
        Assert.Equal(1, command.MessageId);
        Assert.Equal("1.2.840.10008.1.1", command.AffectedSopClassUid);
        Assert.False(command.HasDataset);
        Assert.False(command.IsResponse);
        Assert.False(command.Dataset.Contains(DicomTag.CommandGroupLength));
    }

    [Fact]
    public void EncodeDecode_EchoRequest_RoundTrips()
    {
        var decoded = RoundTrip(DimseCommand.CreateEchoRequest(0xFFFF));

        Assert.Equal(DimseCommandField.CEchoRequest, decoded.CommandField);
        Assert.Equal(0xFFFF, decoded.MessageId);
        Assert.Equal(DicomUid.Verification.Value, decoded.AffectedSopClassUid);
        Assert.False(decoded.HasDataset);
    }

    [Fact]
    public void EncodeDecode_EchoResponse_RoundTrips()
    {
        var request = DimseCommand.CreateEchoRequest(7);

        var decoded = RoundTrip(DimseCommand.CreateEchoResponse(request, DimseStatus.Success));

        Assert.Equal(DimseCommandField.CEchoResponse, decoded.CommandField);
        Assert.True(decoded.IsResponse);
        Assert.Equal(7, decoded.MessageIdBeingRespondedTo);
        Assert.False(decoded.Dataset.Contains(DicomTag.MessageID));
        Assert.Equal(DicomUid.Verification.Value, decoded.AffectedSopClassUid);
        Assert.Equal(DimseStatus.Success, decoded.Status);
        Assert.False(decoded.HasDataset);
    }

    [Fact]
    public void EncodeDecode_StoreRequest_RoundTrips()
    {
        var request = DimseCommand.CreateStoreRequest(42, CtImageStorage, InstanceUid, DimsePriority.High);
        request.MoveOriginatorApplicationEntityTitle = "MOVESCU";
        request.MoveOriginatorMessageId = 9;

        var decoded = RoundTrip(request);

        Assert.Equal(DimseCommandField.CStoreRequest, decoded.CommandField);
        Assert.Equal(42, decoded.MessageId);
        Assert.Equal(CtImageStorage, decoded.AffectedSopClassUid);
        Assert.Equal(InstanceUid, decoded.AffectedSopInstanceUid);
        Assert.Equal(DimsePriority.High, decoded.Priority);
        Assert.True(decoded.HasDataset);
        Assert.Equal(DimseCommand.DataSetPresent, decoded.Dataset.GetValue<ushort>(DicomTag.CommandDataSetType));
        Assert.Equal("MOVESCU", decoded.MoveOriginatorApplicationEntityTitle);
        Assert.Equal((ushort)9, decoded.MoveOriginatorMessageId);
    }

    [Fact]
    public void EncodeDecode_StoreRequestWithoutMoveOriginator_HasNoneAndMediumPriority()
    {
        var decoded = RoundTrip(DimseCommand.CreateStoreRequest(1, CtImageStorage, InstanceUid));

        Assert.Equal(DimsePriority.Medium, decoded.Priority);
        Assert.Null(decoded.MoveOriginatorApplicationEntityTitle);
        Assert.Null(decoded.MoveOriginatorMessageId);
        Assert.Null(decoded.ErrorComment);
    }

    [Fact]
    public void EncodeDecode_StoreResponse_RoundTrips()
    {
        var request = DimseCommand.CreateStoreRequest(42, CtImageStorage, InstanceUid);

        var decoded = RoundTrip(DimseCommand.CreateStoreResponse(request, DimseStatus.OutOfResources, "Disk full"));

        Assert.Equal(DimseCommandField.CStoreResponse, decoded.CommandField);
        Assert.Equal(42, decoded.MessageIdBeingRespondedTo);
        Assert.Equal(CtImageStorage, decoded.AffectedSopClassUid);
        Assert.Equal(InstanceUid, decoded.AffectedSopInstanceUid);
        Assert.Equal(DimseStatus.OutOfResources, decoded.Status);
        Assert.True(decoded.Status.IsFailure);
        Assert.Equal("Disk full", decoded.ErrorComment);
        Assert.False(decoded.HasDataset);
    }

    [Fact]
    public void EncodeDecode_StoreResponseWithoutComment_HasNoErrorComment()
    {
        var request = DimseCommand.CreateStoreRequest(3, CtImageStorage, InstanceUid);

        var decoded = RoundTrip(DimseCommand.CreateStoreResponse(request, DimseStatus.Success));

        Assert.False(decoded.Dataset.Contains(DicomTag.ErrorComment));
        Assert.Equal(DimseStatus.Success, decoded.Status);
    }

    [Fact]
    public void Encode_AnyCommand_GroupLengthCountsTheBytesAfterIt()
    {
        var request = DimseCommand.CreateStoreRequest(42, CtImageStorage, InstanceUid, DimsePriority.Low);
        request.MoveOriginatorApplicationEntityTitle = "ODD";
        var bytes = request.Encode();

        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((uint)(bytes.Length - 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(bytes.Length, request.EncodedLength);
        Assert.Equal(0, bytes.Length % 2);
    }

    [Fact]
    public void Encode_OddLengthValues_PadsUidWithNulAndAETitleWithSpace()
    {
        var request = DimseCommand.CreateStoreRequest(1, "1.2.3", "1.2.345");
        request.MoveOriginatorApplicationEntityTitle = "ODD";
        var bytes = request.Encode();

        Assert.True(Contains(bytes, [0x00, 0x00, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'3', 0x00]));
        Assert.True(Contains(bytes, [0x00, 0x00, 0x30, 0x10, 0x04, 0x00, 0x00, 0x00, (byte)'O', (byte)'D', (byte)'D', (byte)' ']));
    }

    [Fact]
    public void WriteTo_BufferWriter_WritesWhatEncodeReturns()
    {
        var command = DimseCommand.CreateEchoRequest(1);
        var writer = new ArrayBufferWriter<byte>();

        command.WriteTo(writer);

        Assert.Equal(EchoRequestBytes, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Decode_MultiSegmentSequence_ReadsLikeOneArray()
    {
        var bytes = DimseCommand.CreateStoreRequest(5, CtImageStorage, InstanceUid).Encode();

        var decoded = DimseCommand.Decode(Segmented(bytes, 1, 7, 13, 31));

        Assert.Equal(5, decoded.MessageId);
        Assert.Equal(InstanceUid, decoded.AffectedSopInstanceUid);
    }

    [Fact]
    public void Decode_WithoutGroupLength_IsTolerated()
    {
        var decoded = DimseCommand.Decode(EchoRequestBytes.AsMemory(12));

        Assert.Equal(DimseCommandField.CEchoRequest, decoded.CommandField);
    }

    [Theory]
    [InlineData(0x0102)]
    [InlineData(0x0000)]
    [InlineData(0xFEFE)]
    public void Decode_DataSetTypeOtherThan0101_HasDataset(ushort dataSetType)
    {
        var bytes = (byte[])EchoRequestBytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(66), dataSetType);

        Assert.True(DimseCommand.Decode(bytes).HasDataset);
    }

    [Fact]
    public void Decode_Empty_Throws()
    {
        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(ReadOnlyMemory<byte>.Empty));

        Assert.Equal(DicomTag.CommandField, error.Tag);
    }

    [Theory]
    [InlineData(54)]
    [InlineData(58)]
    [InlineData(0)]
    public void Decode_WrongGroupLength_Throws(int groupLength)
    {
        var bytes = (byte[])EchoRequestBytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)groupLength);

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(bytes));

        Assert.Equal(DicomTag.CommandGroupLength, error.Tag);
    }

    [Fact]
    public void Decode_BytesAfterTheGroup_Throws()
    {
        byte[] bytes = [.. EchoRequestBytes, 0x00, 0x00, 0x00, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00];

        Assert.Throws<DimseException>(() => DimseCommand.Decode(bytes));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void Decode_Truncated_Throws(int missing)
    {
        var truncated = EchoRequestBytes.AsMemory(0, EchoRequestBytes.Length - missing);

        Assert.Throws<DimseException>(() => DimseCommand.Decode(truncated));
        Assert.Throws<DimseException>(() => DimseCommand.Decode(truncated[12..]));
    }

    [Fact]
    public void Decode_ValueLengthPastTheEnd_Throws()
    {
        var bytes = EchoRequestBytes[12..];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0x7FFFFFF0);

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(bytes));

        Assert.IsType<Lantern.Dicom.IO.Reading.DicomReadException>(error.InnerException);
    }

    [Fact]
    public void Decode_ElementOutsideGroup0000_Throws()
    {
        // (0008,0016) SOP Class UID after the command elements; no group length, so the lengths agree.
        byte[] bytes = [.. EchoRequestBytes[12..], 0x08, 0x00, 0x16, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'1', 0x00];

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(bytes));

        Assert.Equal(DicomTag.SOPClassUID, error.Tag);
    }

    [Fact]
    public void Decode_MessageIdOfFourBytes_Throws()
    {
        byte[] bytes =
        [
            .. EchoRequestBytes[12..48],
            0x00, 0x00, 0x10, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00,
            .. EchoRequestBytes[58..],
        ];

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(bytes));

        Assert.Equal(DicomTag.MessageID, error.Tag);
    }

    [Fact]
    public void Decode_CorruptedBytes_ThrowsOnlyDimseException()
    {
        var request = DimseCommand.CreateStoreRequest(42, CtImageStorage, InstanceUid, DimsePriority.High);
        request.MoveOriginatorApplicationEntityTitle = "MOVESCU";
        var original = request.Encode();
        var random = new Random(20240601);
        for (var round = 0; round < 5000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            try
            {
                var decoded = DimseCommand.Decode(bytes.AsMemory(0, length));
                _ = decoded.ToString();
                _ = decoded.Encode();
            }
            catch (DimseException)
            {
            }
        }
    }

    public static TheoryData<string, uint> MissingMandatory => new()
    {
        { "echo request", DicomTag.CommandField.Value },
        { "echo request", DicomTag.CommandDataSetType.Value },
        { "echo request", DicomTag.MessageID.Value },
        { "echo request", DicomTag.AffectedSOPClassUID.Value },
        { "store request", DicomTag.AffectedSOPInstanceUID.Value },
        { "store request", DicomTag.Priority.Value },
        { "store response", DicomTag.Status.Value },
        { "store response", DicomTag.MessageIDBeingRespondedTo.Value },
    };

    [Theory]
    [MemberData(nameof(MissingMandatory))]
    public void Decode_MandatoryElementMissing_ThrowsNamingIt(string kind, uint tagValue)
    {
        var tag = new DicomTag((ushort)(tagValue >> 16), (ushort)tagValue);
        var store = DimseCommand.CreateStoreRequest(1, CtImageStorage, InstanceUid);
        var command = kind switch
        {
            "echo request" => DimseCommand.CreateEchoRequest(1),
            "store request" => store,
            _ => DimseCommand.CreateStoreResponse(store, DimseStatus.Success),
        };
        command.Dataset.Remove(tag);

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(command.Encode()));

        Assert.Equal(tag, error.Tag);
    }

    [Fact]
    public void Decode_EmptyAffectedSopClassUid_Throws()
    {
        var command = DimseCommand.CreateEchoRequest(1);
        command.Dataset.AddOrUpdate(DicomTag.AffectedSOPClassUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty);

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(command.Encode()));

        Assert.Equal(DicomTag.AffectedSOPClassUID, error.Tag);
    }

    [Fact]
    public void Decode_StoreRequestWithoutInstanceUid_FaultCarriesTheRequestToAnswer()
    {
        var command = new DimseCommand(DimseCommandField.CStoreRequest) { MessageId = 9, AffectedSopClassUid = "1.2.840.10008.5.1.4.1.1.2", HasDataset = true };

        var error = Assert.Throws<DimseException>(() => DimseCommand.Decode(command.Encode()));

        Assert.Equal(DicomTag.AffectedSOPInstanceUID, error.Tag);
        var request = Assert.IsType<DimseCommand>(error.Request);
        Assert.Equal(9, request.MessageId);
        Assert.True(request.HasDataset);
        var response = DimseCommand.CreateResponse(request, DimseStatus.CannotUnderstand);
        Assert.Equal(DimseCommandField.CStoreResponse, response.CommandField);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", response.AffectedSopClassUid);
    }

    [Fact]
    public void Decode_FaultsThatNameNoRequest_CarryNone()
    {
        var withoutMessageId = new DimseCommand(DimseCommandField.CEchoRequest) { AffectedSopClassUid = "1.2.840.10008.1.1" };
        var responseWithoutStatus = new DimseCommand(DimseCommandField.CEchoResponse) { MessageIdBeingRespondedTo = 1 };
        var cancelWithoutId = new DimseCommand(DimseCommandField.CCancelRequest) { MessageId = 2 };

        foreach (var command in new[] { withoutMessageId, responseWithoutStatus, cancelWithoutId })
        {
            Assert.Null(Assert.Throws<DimseException>(() => DimseCommand.Decode(command.Encode())).Request);
        }

        Assert.Null(Assert.Throws<DimseException>(() => DimseCommand.Decode(new byte[] { 1, 2, 3 })).Request);
    }

    [Fact]
    public void Decode_UnknownCommandField_KeepsItForAnUnrecognizedOperationAnswer()
    {
        var command = new DimseCommand((DimseCommandField)0x0042) { MessageId = 3 };

        var decoded = DimseCommand.Decode(command.Encode());

        Assert.Equal(0x0042, (ushort)decoded.CommandField);
        Assert.Equal(3, decoded.MessageId);
        Assert.Equal("Command Field 0042", decoded.ToString()[..18]);
    }

    [Fact]
    public void Decode_CancelRequest_NeedsOnlyMessageIdBeingRespondedTo()
    {
        var cancel = new DimseCommand(DimseCommandField.CCancelRequest) { MessageIdBeingRespondedTo = 12 };

        var decoded = DimseCommand.Decode(cancel.Encode());

        Assert.Equal(DimseCommandField.CCancelRequest, decoded.CommandField);
        Assert.Equal(12, decoded.MessageIdBeingRespondedTo);
    }

    [Fact]
    public void Getters_RequiredElementMissing_ThrowDimseException()
    {
        var command = DimseCommand.CreateEchoRequest(1);

        Assert.Equal(DicomTag.Status, Assert.Throws<DimseException>(() => command.Status).Tag);
        Assert.Equal(DicomTag.MessageIDBeingRespondedTo, Assert.Throws<DimseException>(() => command.MessageIdBeingRespondedTo).Tag);
    }

    [Fact]
    public void CreateStoreResponse_ToEchoRequest_Throws()
    {
        var echo = DimseCommand.CreateEchoRequest(1);

        Assert.Throws<ArgumentException>(() => DimseCommand.CreateStoreResponse(echo, DimseStatus.Success));
    }

    [Fact]
    public void CreateEchoResponse_ToStoreRequest_Throws()
    {
        var store = DimseCommand.CreateStoreRequest(1, CtImageStorage, InstanceUid);

        Assert.Throws<ArgumentException>(() => DimseCommand.CreateEchoResponse(store, DimseStatus.Success));
    }

    [Fact]
    public void CreateResponse_ToAResponse_Throws()
    {
        var response = DimseCommand.CreateEchoResponse(DimseCommand.CreateEchoRequest(1), DimseStatus.Success);

        Assert.Throws<ArgumentException>(() => DimseCommand.CreateResponse(response, DimseStatus.Success));
    }

    [Fact]
    public void CreateStoreResponse_PeerUidWithLeadingZero_EchoesItUnchanged()
    {
        // A UID our own setters would accept too, but copied byte for byte, padding included.
        var request = DimseCommand.CreateStoreRequest(1, CtImageStorage, "1.2.03.4");

        var response = DimseCommand.CreateStoreResponse(request, DimseStatus.Success);

        Assert.Same(request.Dataset[DicomTag.AffectedSOPInstanceUID], response.Dataset[DicomTag.AffectedSOPInstanceUID]);
        Assert.Equal("1.2.03.4", RoundTrip(response).AffectedSopInstanceUid);
    }

    [Fact]
    public void CreateResponse_FindRequest_SetsResponseBitAndCopiesSopClass()
    {
        var find = new DimseCommand(DimseCommandField.CFindRequest) { MessageId = 4, AffectedSopClassUid = "1.2.840.10008.5.1.4.1.2.2.1", HasDataset = true };

        var response = DimseCommand.CreateResponse(find, DimseStatus.Pending);

        Assert.Equal(DimseCommandField.CFindResponse, response.CommandField);
        Assert.Equal("1.2.840.10008.5.1.4.1.2.2.1", response.AffectedSopClassUid);
        Assert.Equal(4, response.MessageIdBeingRespondedTo);
        Assert.False(response.HasDataset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.abc")]
    [InlineData("1.2.3\\4")]
    [InlineData("1.2.840.10008.5.1.4.1.1.2.1234567890.1234567890.1234567890.1234567")]
    public void CreateStoreRequest_UnencodableUid_Throws(string uid)
    {
        Assert.Throws<ArgumentException>(() => DimseCommand.CreateStoreRequest(1, CtImageStorage, uid));
    }

    [Fact]
    public void ErrorComment_LongNonAsciiText_IsCutAndMadeAscii()
    {
        var command = DimseCommand.CreateStoreResponse(DimseCommand.CreateStoreRequest(1, CtImageStorage, InstanceUid), DimseStatus.ProcessingFailure);

        command.ErrorComment = "Fehler: Datei\\Pfad ungültig\n" + new string('x', 100);

        var decoded = RoundTrip(command);
        Assert.Equal(64, decoded.ErrorComment!.Length);
        Assert.StartsWith("Fehler: Datei/Pfad ung?ltig?xxx", decoded.ErrorComment, StringComparison.Ordinal);
        Assert.Equal(1, decoded.Dataset.GetValueCount(DicomTag.ErrorComment));
    }

    [Fact]
    public void ErrorComment_SetNull_RemovesIt()
    {
        var command = DimseCommand.CreateStoreResponse(DimseCommand.CreateStoreRequest(1, CtImageStorage, InstanceUid), DimseStatus.ProcessingFailure, "oops");

        command.ErrorComment = null;

        Assert.False(command.Dataset.Contains(DicomTag.ErrorComment));
    }

    [Theory]
    [InlineData("SEVENTEEN_CHARS_X")]
    [InlineData("   ")]
    [InlineData("BAD\\AE")]
    [InlineData("TAB\tAE")]
    public void MoveOriginatorApplicationEntityTitle_NotAnAETitle_Throws(string title)
    {
        var command = DimseCommand.CreateStoreRequest(1, CtImageStorage, InstanceUid);

        Assert.Throws<ArgumentException>(() => command.MoveOriginatorApplicationEntityTitle = title);
    }

    [Fact]
    public void Encode_ElementOutsideGroup0000_Throws()
    {
        var command = DimseCommand.CreateEchoRequest(1);
        command.Dataset.AddOrUpdate(DicomTag.PatientID, "123");

        Assert.Throws<InvalidOperationException>(() => command.Encode());
    }

    [Fact]
    public void Encode_StaleGroupLengthInDataset_IsIgnored()
    {
        var command = DimseCommand.CreateEchoRequest(1);
        command.Dataset.AddOrUpdate<uint>(DicomTag.CommandGroupLength, DicomVR.UL, 999);

        Assert.Equal(EchoRequestBytes, command.Encode());
    }

    [Fact]
    public void ToString_StoreResponse_SummarisesIt()
    {
        var request = DimseCommand.CreateStoreRequest(7, CtImageStorage, "1.2.3");

        var text = DimseCommand.CreateStoreResponse(request, DimseStatus.Success).ToString();

        Assert.Equal("C-STORE-RSP to #7: 0000 (Success) instance 1.2.3", text);
        Assert.Equal("C-ECHO-RQ #1", DimseCommand.CreateEchoRequest(1).ToString());
    }

    [Theory]
    [InlineData(DimseCommandField.CStoreRequest, "C-STORE-RQ")]
    [InlineData(DimseCommandField.CMoveResponse, "C-MOVE-RSP")]
    [InlineData(DimseCommandField.CCancelRequest, "C-CANCEL-RQ")]
    [InlineData(DimseCommandField.NEventReportResponse, "N-EVENT-REPORT-RSP")]
    [InlineData((DimseCommandField)0x8042, "Command Field 8042")]
    public void Name_CommandField_GivesStandardName(DimseCommandField field, string expected)
    {
        Assert.Equal(expected, DimseCommand.Name(field));
    }

    private static DimseCommand RoundTrip(DimseCommand command)
    {
        var bytes = command.Encode();
        var decoded = DimseCommand.Decode(bytes);
        Assert.Equal(bytes, decoded.Encode());
        return decoded;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The bytes as a sequence of segments cut at <paramref name="cuts"/>.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Append(bytes.Length).ToArray();
        var first = new Segment(bytes.AsMemory(0, bounds[0]), 0);
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            last = last.Append(bytes.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
