using System.Buffers;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class AssociateAcceptTests
{
    private const string ImplicitLittle = "1.2.840.10008.1.2";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";

    /// <summary>PS3.8 §9.3.3 by hand: context 1 accepted with Implicit VR Little Endian, context 3 refused.</summary>
    private static readonly byte[] StandardLayout = Concat(
        [0x02, 0x00, 0x00, 0x00, 0x00, 0x9D],                     // A-ASSOCIATE-AC, length 157
        [0x00, 0x01, 0x00, 0x00],                                 // protocol version 1, reserved
        Ascii("ANY-SCP         "),                                // called AE title, echoed
        Ascii("ECHOSCU         "),                                // calling AE title, echoed
        new byte[32],                                             // reserved
        [0x10, 0x00, 0x00, 0x15], Ascii("1.2.840.10008.3.1.1.1"), // application context item
        [0x21, 0x00, 0x00, 0x19, 0x01, 0x00, 0x00, 0x00],         // presentation context 1, acceptance
        [0x40, 0x00, 0x00, 0x11], Ascii(ImplicitLittle),          //   transfer syntax sub-item
        [0x21, 0x00, 0x00, 0x08, 0x03, 0x00, 0x03, 0x00],         // presentation context 3, abstract syntax not supported
        [0x40, 0x00, 0x00, 0x00],                                 //   transfer syntax sub-item, empty
        [0x50, 0x00, 0x00, 0x13],                                 // user information item
        [0x51, 0x00, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00],         //   maximum length 16384
        [0x52, 0x00, 0x00, 0x07], Ascii("1.2.3.4"));              //   implementation class UID

    private static AssociateAccept StandardAccept() => new()
    {
        CalledAE = "ANY-SCP",
        CallingAE = "ECHOSCU",
        PresentationContexts =
        {
            new PresentationContextResponse(1, PresentationContextResult.Acceptance, ImplicitLittle),
            new PresentationContextResponse(3, PresentationContextResult.AbstractSyntaxNotSupported, ""),
        },
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" },
    };

    private static AssociateAccept FullAccept() => new()
    {
        ProtocolVersion = 1,
        CalledAE = "STORE SCP",
        CallingAE = "A",
        PresentationContexts =
        {
            new PresentationContextResponse(1, PresentationContextResult.Acceptance, ImplicitLittle),
            new PresentationContextResponse(3, PresentationContextResult.Acceptance, ExplicitLittle),
            new PresentationContextResponse(5, PresentationContextResult.UserRejection, ""),
            new PresentationContextResponse(7, PresentationContextResult.NoReason, ""),
            new PresentationContextResponse(9, PresentationContextResult.AbstractSyntaxNotSupported, ""),
            new PresentationContextResponse(11, PresentationContextResult.TransferSyntaxesNotSupported, ""),
        },
        UserInformation = new UserInformation
        {
            MaximumLength = 262144,
            ImplementationClassUid = "2.25.226834019716160598059026788873650635829",
            ImplementationVersionName = "LANTERN_0.1",
            AsynchronousOperationsWindow = (1, 1),
            RoleSelections = { new RoleSelection("1.2.840.10008.5.1.4.1.1.2", ScuRole: false, ScpRole: true) },
            SopClassExtendedNegotiations = { new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", [1]) },
            UserIdentityServerResponse = "ticket"u8.ToArray(),
        },
    };

    [Fact]
    public void WriteTo_AcceptedAndRefusedContexts_MatchesStandardLayout()
    {
        Assert.Equal(StandardLayout, Written(StandardAccept().WriteTo));
    }

    [Fact]
    public void Parse_StandardLayout_ReadsEveryField()
    {
        var accept = AssociateAccept.Parse(new ReadOnlySequence<byte>(StandardLayout.AsMemory(6)));

        Assert.Equal("ANY-SCP", accept.CalledAE);
        Assert.Equal("ECHOSCU", accept.CallingAE);
        Assert.Equal(AssociateRequest.DicomApplicationContextName, accept.ApplicationContextName);
        Assert.Equal(
            [
                new PresentationContextResponse(1, PresentationContextResult.Acceptance, ImplicitLittle),
                new PresentationContextResponse(3, PresentationContextResult.AbstractSyntaxNotSupported, ""),
            ],
            accept.PresentationContexts);
        Assert.Equal(16384u, accept.UserInformation.MaximumLength);
        Assert.Equal("1.2.3.4", accept.UserInformation.ImplementationClassUid);
    }

    [Fact]
    public void Parse_EveryFieldSet_RoundTrips()
    {
        var original = FullAccept();
        var bytes = Written(original.WriteTo);

        var parsed = AssociateAccept.Parse(EveryByteASegment(bytes[6..]));

        Assert.Equal(original.ProtocolVersion, parsed.ProtocolVersion);
        Assert.Equal(original.CalledAE, parsed.CalledAE);
        Assert.Equal(original.CallingAE, parsed.CallingAE);
        Assert.Equal(original.ApplicationContextName, parsed.ApplicationContextName);
        Assert.Equal(original.PresentationContexts, parsed.PresentationContexts);
        UserInformationAssert.Equal(original.UserInformation, parsed.UserInformation);
        Assert.Equal(bytes, Written(parsed.WriteTo));
    }

    [Fact]
    public void Parse_RefusedContextWithGarbageTransferSyntax_NotTested()
    {
        var body = StandardLayout[6..];
        var changed = Concat(body.AsSpan(0, 68 + 25 + 29).ToArray(),
            Item(0x21, [3, 0, 4, 0], Item(0x40, [0xFF, 0x01, 0x20])),
            body.AsSpan(68 + 25 + 29 + 12).ToArray());

        var accept = AssociateAccept.Parse(new ReadOnlySequence<byte>(changed));

        Assert.Equal(new PresentationContextResponse(3, PresentationContextResult.TransferSyntaxesNotSupported, ""), accept.PresentationContexts[1]);
    }

    [Fact]
    public void Parse_AcceptedContextWithoutTransferSyntax_Rejected()
    {
        var body = Concat(
            AssociateFixedFields("ANY-SCP", "ECHOSCU"),
            Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)),
            Item(0x21, [1, 0, 0, 0]),
            Item(0x50, Item(0x51, UInt32(4096))));

        var e = Assert.Throws<PduException>(() => AssociateAccept.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.MissingItem, e.Rejection);
    }

    [Fact]
    public void Parse_ResultOutOfRange_Rejected()
    {
        var body = StandardLayout[6..];
        body[68 + 25 + 6] = 5;

        var e = Assert.Throws<PduException>(() => AssociateAccept.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.InvalidPresentationContextResult, e.Rejection);
        Assert.Equal(AbortReason.InvalidPduParameterValue, e.Reason);
    }

    [Fact]
    public void Parse_EchoedTitlesWithOddBytes_ReadWithoutTesting()
    {
        var body = StandardLayout[6..];
        body[4] = 0x01;
        body[20] = 0xE9;

        var accept = AssociateAccept.Parse(new ReadOnlySequence<byte>(body));

        Assert.Equal("\u0001NY-SCP", accept.CalledAE);
        Assert.Equal("?CHOSCU", accept.CallingAE);
    }

    [Fact]
    public void WriteTo_EmptyEchoedTitles_WrittenAsSpaces()
    {
        var accept = StandardAccept();
        accept.CalledAE = "";
        accept.CallingAE = "";

        var bytes = Written(accept.WriteTo);

        Assert.Equal(Ascii(new string(' ', 32)), bytes[10..42]);
    }

    [Fact]
    public void WriteTo_AcceptedContextWithoutTransferSyntax_Throws()
    {
        var accept = StandardAccept();
        accept.PresentationContexts[0] = accept.PresentationContexts[0] with { TransferSyntax = "" };

        Assert.Throws<InvalidOperationException>(() => accept.WriteTo(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Parse_ThousandPresentationContexts_RejectedAtTheLimit()
    {
        var contexts = Enumerable.Range(0, 1000).Select(i => Item(0x21, [(byte)((2 * i) + 1), 0, 0, 0], Item(0x40, Ascii(ImplicitLittle)))).ToArray();
        var body = Concat(AssociateFixedFields("ANY-SCP", "ECHOSCU"), Item(0x10, Ascii(AssociateRequest.DicomApplicationContextName)), Concat(contexts));

        var e = Assert.Throws<PduException>(() => AssociateAccept.Parse(new ReadOnlySequence<byte>(body)));

        Assert.Equal(PduRejectionReason.TooManyPresentationContexts, e.Rejection);
    }

    [Fact]
    public void Parse_EveryTruncation_Rejected()
    {
        var body = Written(FullAccept().WriteTo)[6..];

        for (var length = 0; length < body.Length; length++)
        {
            var truncated = new ReadOnlySequence<byte>(body, 0, length);
            Assert.Throws<PduException>(() => AssociateAccept.Parse(truncated));
        }
    }

    [Fact]
    public void Parse_MutatedAndRandomBodies_ThrowOnlyPduException()
    {
        PduFuzz.Run(Written(FullAccept().WriteTo)[6..], body => AssociateAccept.Parse(body), seed: 8_1_9_3_3);
    }
}
