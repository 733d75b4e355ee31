using System.Buffers;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class AssociateRequestTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitLittle = "1.2.840.10008.1.2";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>
    /// PS3.8 §9.3.2 laid out by hand: ANY-SCP called by ECHOSCU, Verification with Implicit VR
    /// Little Endian as context 1, Maximum Length 16384, an Implementation Class UID and Version Name.
    /// </summary>
    private static readonly byte[] StandardLayout = Concat(
        [0x01, 0x00, 0x00, 0x00, 0x00, 0xB5],                     // A-ASSOCIATE-RQ, length 181
        [0x00, 0x01, 0x00, 0x00],                                 // protocol version 1, reserved
        Ascii("ANY-SCP         "),                                // called AE title
        Ascii("ECHOSCU         "),                                // calling AE title
        new byte[32],                                             // reserved
        [0x10, 0x00, 0x00, 0x15], Ascii("1.2.840.10008.3.1.1.1"), // application context item
        [0x20, 0x00, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x00],         // presentation context item, id 1
        [0x30, 0x00, 0x00, 0x11], Ascii(Verification),            //   abstract syntax sub-item
        [0x40, 0x00, 0x00, 0x11], Ascii(ImplicitLittle),          //   transfer syntax sub-item
        [0x50, 0x00, 0x00, 0x22],                                 // user information item
        [0x51, 0x00, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00],         //   maximum length 16384
        [0x52, 0x00, 0x00, 0x07], Ascii("1.2.3.4"),               //   implementation class UID
        [0x55, 0x00, 0x00, 0x0B], Ascii("LANTERN_0.1"));          //   implementation version name

    private static AssociateRequest StandardRequest() => new()
    {
        CalledAE = "ANY-SCP",
        CallingAE = "ECHOSCU",
        PresentationContexts = { new PresentationContextRequest(1, Verification, [ImplicitLittle]) },
        UserInformation = new UserInformation
        {
            MaximumLength = 16384,
            ImplementationClassUid = "1.2.3.4",
            ImplementationVersionName = "LANTERN_0.1",
        },
    };

    /// <summary>Every field and every sub-item we know set.</summary>
    internal static AssociateRequest FullRequest() => new()
    {
        ProtocolVersion = 3,
        CalledAE = "STORE SCP",
        CallingAE = "A",
        ApplicationContextName = AssociateRequest.DicomApplicationContextName,
        PresentationContexts =
        {
            new PresentationContextRequest(1, Verification, [ImplicitLittle]),
            new PresentationContextRequest(3, CtImageStorage, [ExplicitLittle, ImplicitLittle, "1.2.840.10008.1.2.4.50"]),
            new PresentationContextRequest(255, "1.2.840.10008.5.1.4.1.2.2.1", [ExplicitLittle]),
        },
        UserInformation = new UserInformation
        {
            MaximumLength = 0,
            ImplementationClassUid = "2.25.226834019716160598059026788873650635829",
            ImplementationVersionName = "LANTERN_0.1",
            AsynchronousOperationsWindow = (5, 0),
            RoleSelections = { new RoleSelection(CtImageStorage, ScuRole: false, ScpRole: true), new RoleSelection(Verification, true, true) },
            SopClassExtendedNegotiations = { new SopClassExtendedNegotiation(CtImageStorage, [2, 0, 3, 0, 1, 0]) },
            SopClassCommonExtendedNegotiations =
            {
                new SopClassCommonExtendedNegotiation(CtImageStorage, "1.2.840.10008.4.2", ["1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.2.2"]),
                new SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.4.2", []),
            },
            UserIdentity = new UserIdentityRequest(2, PositiveResponseRequested: true, "radiologist"u8.ToArray(), "secret"u8.ToArray()),
        },
    };

    [Fact]
    public void WriteTo_OneContextWithUserInformation_MatchesStandardLayout()
    {
        var written = Written(StandardRequest().WriteTo);

        Assert.Equal(StandardLayout, written);
    }

    [Fact]
    public void Parse_StandardLayout_ReadsEveryField()
    {
        var request = AssociateRequest.Parse(new ReadOnlySequence<byte>(StandardLayout.AsMemory(6)));

        Assert.Equal(1, request.ProtocolVersion);
        Assert.Equal("ANY-SCP", request.CalledAE);
        Assert.Equal("ECHOSCU", request.CallingAE);
        Assert.Equal("1.2.840.10008.3.1.1.1", request.ApplicationContextName);
        var context = Assert.Single(request.PresentationContexts);
        Assert.Equal(1, context.Id);
        Assert.Equal(Verification, context.AbstractSyntax);
        Assert.Equal([ImplicitLittle], context.TransferSyntaxes);
        Assert.Equal(16384u, request.UserInformation.MaximumLength);
        Assert.Equal("1.2.3.4", request.UserInformation.ImplementationClassUid);
        Assert.Equal("LANTERN_0.1", request.UserInformation.ImplementationVersionName);
        Assert.Null(request.UserInformation.AsynchronousOperationsWindow);
        Assert.Empty(request.UserInformation.RoleSelections);
        Assert.Null(request.UserInformation.UserIdentity);
    }

    [Fact]
    public void Parse_EveryFieldSet_RoundTrips()
    {
        var original = FullRequest();
        var bytes = Written(original.WriteTo);

        var parsed = AssociateRequest.Parse(new ReadOnlySequence<byte>(bytes.AsMemory(6)));

        AssertEqual(original, parsed);
        Assert.Equal(bytes, Written(parsed.WriteTo));
    }

    [Fact]
    public void Parse_BodyInOneByteSegments_SameAsContiguous()
    {
        var bytes = Written(FullRequest().WriteTo);

        var parsed = AssociateRequest.Parse(EveryByteASegment(bytes[6..]));

        AssertEqual(FullRequest(), parsed);
    }

    [Fact]
    public void Parse_ThousandPresentationContexts_RejectedAtTheLimit()
    {
        var contexts = Enumerable.Range(0, 1000)
            .Select(i => Item(0x20, [(byte)((2 * i) + 1), 0, 0, 0], Item(0x30, Ascii(Verification)), Item(0x40, Ascii(ImplicitLittle))))
            .ToArray();
        var body = Concat(AssociateFixedFields("ANY-SCP", "ECHOSCU"), Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)), Concat(contexts));

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.TooManyPresentationContexts, e.Rejection);
        Assert.Equal(AbortReason.InvalidPduParameterValue, e.Reason);
    }

    [Fact]
    public void Parse_128PresentationContexts_Accepted()
    {
        var request = StandardRequest();
        request.PresentationContexts.Clear();
        for (var id = 1; id <= 255; id += 2)
        {
            request.PresentationContexts.Add(new PresentationContextRequest((byte)id, Verification, [ImplicitLittle]));
        }

        var parsed = AssociateRequest.Parse(Body(request.WriteTo));

        Assert.Equal(AssociateRequest.MaxPresentationContexts, parsed.PresentationContexts.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(254)]
    public void Parse_EvenPresentationContextId_Rejected(byte id)
    {
        var body = Body(StandardRequest().WriteTo).ToArray();
        body[AssociateFixedLength + 25 + 4] = id;

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidPresentationContextId, e.Rejection);
    }

    [Fact]
    public void Parse_RepeatedPresentationContextId_Rejected()
    {
        var request = StandardRequest();
        request.PresentationContexts.Add(new PresentationContextRequest(3, CtImageStorage, [ImplicitLittle]));
        var body = Body(request.WriteTo).ToArray();
        body[AssociateFixedLength + 25 + 50 + 4] = 1;

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.DuplicatePresentationContextId, e.Rejection);
    }

    [Fact]
    public void Parse_SubItemRunningPastItsItem_Rejected()
    {
        // The transfer syntax sub-item declares 18 bytes; its presentation context item holds 17.
        var body = StandardLayout[6..];
        body[AssociateFixedLength + 25 + 8 + 21 + 3] = 0x12;

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.ItemRunsPastParent, e.Rejection);
        Assert.Equal(AbortReason.InvalidPduParameterValue, e.Reason);
    }

    [Fact]
    public void Parse_ItemRunningPastTheBody_Rejected()
    {
        // The user information item declares one byte more than the PDU holds.
        var body = StandardLayout[6..];
        body[AssociateFixedLength + 25 + 50 + 3] = 0x23;

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.ItemRunsPastParent, e.Rejection);
    }

    [Fact]
    public void Parse_EveryTruncation_Rejected()
    {
        var body = Written(FullRequest().WriteTo)[6..];

        for (var length = 0; length < body.Length; length++)
        {
            var truncated = new ReadOnlySequence<byte>(body, 0, length);
            Assert.Throws<PduException>(() => AssociateRequest.Parse(truncated));
        }
    }

    [Fact]
    public void Parse_UnknownItemsAndSubItems_Skipped()
    {
        var body = Concat(
            AssociateFixedFields("ANY-SCP", "ECHOSCU"),
            Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)),
            Item(0x21, [1, 0, 0, 0]),                                   // an accept's item: not ours, skipped
            Item(0x20, [1, 0, 0, 0], Item(0x30, Ascii(Verification)), Item(0x7F, [1, 2, 3]), Item(0x40, Ascii(ImplicitLittle))),
            Item(0x60, Ascii("future item")),
            Item(0x50, Item(0x51, UInt32(4096)), Item(0x5F, [9, 9]), Item(0x52, Ascii("1.2.3"))));

        var request = AssociateRequest.Parse(new ReadOnlySequence<byte>(body));

        var context = Assert.Single(request.PresentationContexts);
        Assert.Equal([ImplicitLittle], context.TransferSyntaxes);
        Assert.Equal(4096u, request.UserInformation.MaximumLength);
        Assert.Equal("1.2.3", request.UserInformation.ImplementationClassUid);
    }

    [Theory]
    [InlineData("application context")]
    [InlineData("presentation context")]
    [InlineData("user information")]
    public void Parse_MandatoryItemMissing_Rejected(string missing)
    {
        var body = Concat(
            AssociateFixedFields("ANY-SCP", "ECHOSCU"),
            missing == "application context" ? [] : Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)),
            missing == "presentation context" ? [] : Item(0x20, [1, 0, 0, 0], Item(0x30, Ascii(Verification)), Item(0x40, Ascii(ImplicitLittle))),
            missing == "user information" ? [] : Item(0x50, Item(0x51, UInt32(4096))));

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.MissingItem, e.Rejection);
    }

    [Fact]
    public void Parse_PresentationContextWithoutTransferSyntax_Rejected()
    {
        var body = Concat(
            AssociateFixedFields("ANY-SCP", "ECHOSCU"),
            Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)),
            Item(0x20, [1, 0, 0, 0], Item(0x30, Ascii(Verification))),
            Item(0x50, Item(0x51, UInt32(4096))));

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.MissingItem, e.Rejection);
    }

    [Fact]
    public void Parse_SecondUserInformationItem_RejectedAsUnexpectedParameter()
    {
        var body = Concat(StandardLayout[6..], Item(0x50, Item(0x51, UInt32(4096))));

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.DuplicateItem, e.Rejection);
        Assert.Equal(AbortReason.UnexpectedPduParameter, e.Reason);
    }

    [Fact]
    public void Parse_MaximumLengthSubItemNotFourBytes_Rejected()
    {
        var body = Concat(
            AssociateFixedFields("ANY-SCP", "ECHOSCU"),
            Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)),
            Item(0x20, [1, 0, 0, 0], Item(0x30, Ascii(Verification)), Item(0x40, Ascii(ImplicitLittle))),
            Item(0x50, Item(0x51, [0, 0, 0x40])));

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidItemLength, e.Rejection);
    }

    [Fact]
    public void Parse_PaddedTitlesAndUids_Trimmed()
    {
        var body = Concat(
            [0, 1, 0, 0], Ascii("   ANY-SCP      "), Ascii("ECHOSCU\0\0\0\0\0\0\0\0\0"), new byte[32],
            Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName + "\0")),
            Item(0x20, [1, 0, 0, 0], Item(0x30, Ascii(Verification + "\0")), Item(0x40, Ascii(ImplicitLittle + " "))),
            Item(0x50, Item(0x51, UInt32(4096)), Item(0x52, Ascii("1.2.3\0"))));

        var request = AssociateRequest.Parse(new ReadOnlySequence<byte>(body));

        Assert.Equal("ANY-SCP", request.CalledAE);
        Assert.Equal("ECHOSCU", request.CallingAE);
        Assert.Equal(AssociateRequest.DicomApplicationContextName, request.ApplicationContextName);
        Assert.Equal(Verification, request.PresentationContexts[0].AbstractSyntax);
        Assert.Equal(ImplicitLittle, request.PresentationContexts[0].TransferSyntaxes[0]);
        Assert.Equal("1.2.3", request.UserInformation.ImplementationClassUid);
    }

    [Fact]
    public void Parse_AllSpacesCalledAE_EmptyForTheAssociationLayerToJudge()
    {
        var body = StandardLayout[6..];
        Ascii(new string(' ', 16)).CopyTo(body, 4);

        Assert.Equal("", AssociateRequest.Parse(new ReadOnlySequence<byte>(body)).CalledAE);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x5C)]
    [InlineData(0xC3)]
    public void Parse_AETitleWithInvalidCharacter_Rejected(byte invalid)
    {
        var body = StandardLayout[6..];
        body[4 + 16 + 2] = invalid;

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidText, e.Rejection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3 4")]
    [InlineData("1.2.840.10008.5.1.4.1.1.2.1234567890123456789012345678901234567890123")]
    public void Parse_InvalidAbstractSyntax_Rejected(string uid)
    {
        var body = Concat(
            AssociateFixedFields("ANY-SCP", "ECHOSCU"),
            Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)),
            Item(0x20, [1, 0, 0, 0], Item(0x30, Ascii(uid)), Item(0x40, Ascii(ImplicitLittle))),
            Item(0x50, Item(0x51, UInt32(4096))));

        var e = Assert.Throws<PduException>(() => AssociateRequest.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidUid, e.Rejection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SEVENTEEN_CHARS_X")]
    [InlineData("BACK\\SLASH")]
    [InlineData("ÄE")]
    public void WriteTo_InvalidCalledAE_ThrowsAndWritesNothing(string title)
    {
        var request = StandardRequest();
        request.CalledAE = title;
        var writer = new ArrayBufferWriter<byte>();

        Assert.Throws<InvalidOperationException>(() => request.WriteTo(writer));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void WriteTo_SixteenCharacterTitles_FillTheFields()
    {
        var request = StandardRequest();
        request.CalledAE = "SIXTEEN_CHARS_AE";

        var parsed = AssociateRequest.Parse(Body(request.WriteTo));

        Assert.Equal("SIXTEEN_CHARS_AE", parsed.CalledAE);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void WriteTo_EvenPresentationContextId_Throws(byte id)
    {
        var request = StandardRequest();
        request.PresentationContexts[0] = request.PresentationContexts[0] with { Id = id };

        Assert.Throws<InvalidOperationException>(() => request.WriteTo(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void WriteTo_NoPresentationContext_Throws()
    {
        var request = StandardRequest();
        request.PresentationContexts.Clear();

        Assert.Throws<InvalidOperationException>(() => request.WriteTo(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void WriteTo_InvalidTransferSyntax_Throws()
    {
        var request = StandardRequest();
        request.PresentationContexts[0] = request.PresentationContexts[0] with { TransferSyntaxes = ["1.2.840.10008.1.2", ""] };

        Assert.Throws<InvalidOperationException>(() => request.WriteTo(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Parse_MutatedAndRandomBodies_ThrowOnlyPduException()
    {
        var valid = Written(FullRequest().WriteTo)[6..];
        PduFuzz.Run(valid, body => AssociateRequest.Parse(body), seed: 8_1_9_3_2);
    }

    private const int AssociateFixedLength = 68;

    internal static void AssertEqual(AssociateRequest expected, AssociateRequest actual)
    {
        Assert.Equal(expected.ProtocolVersion, actual.ProtocolVersion);
        Assert.Equal(expected.CalledAE, actual.CalledAE);
        Assert.Equal(expected.CallingAE, actual.CallingAE);
        Assert.Equal(expected.ApplicationContextName, actual.ApplicationContextName);
        Assert.Equal(expected.PresentationContexts.Count, actual.PresentationContexts.Count);
        for (var i = 0; i < expected.PresentationContexts.Count; i++)
        {
            Assert.Equal(expected.PresentationContexts[i].Id, actual.PresentationContexts[i].Id);
            Assert.Equal(expected.PresentationContexts[i].AbstractSyntax, actual.PresentationContexts[i].AbstractSyntax);
            Assert.Equal(expected.PresentationContexts[i].TransferSyntaxes, actual.PresentationContexts[i].TransferSyntaxes);
        }

        UserInformationAssert.Equal(expected.UserInformation, actual.UserInformation);
    }
}
