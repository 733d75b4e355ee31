using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Tests.Network.Association;

public sealed class AssociationNegotiatorTests
{
    private static readonly AssociationOptions Options = new() { ApplicationEntityTitle = "LANTERN", AllowedCallingApplicationEntityTitles = new HashSet<string> { "SCANNER" } };

    [Fact]
    public void Negotiate_WrongCalledAE_RejectsPermanentServiceUserReason7()
    {
        var reject = Rejected(Request(called: "OTHER"));

        Assert.Equal(AssociateRejectResult.Permanent, reject.Result);
        Assert.Equal(AssociateRejectSource.ServiceUser, reject.Source);
        Assert.Equal(AssociateRejectReason.CalledAENotRecognized, reject.Reason);
    }

    [Fact]
    public void Negotiate_CallingAENotAllowed_RejectsReason3()
    {
        var reject = Rejected(Request(calling: "INTRUDER"));

        Assert.Equal(AssociateRejectSource.ServiceUser, reject.Source);
        Assert.Equal(AssociateRejectReason.CallingAENotRecognized, reject.Reason);
    }

    [Fact]
    public void Negotiate_AtCapacity_RejectsTransientCongestion()
    {
        var decision = AssociationNegotiator.Negotiate(Request(), Options, atCapacity: true);

        var reject = Assert.NotNull(decision.Reject);
        Assert.Equal(AssociateRejectResult.Transient, reject.Result);
        Assert.Equal(AssociateRejectSource.ServiceProviderPresentation, reject.Source);
        Assert.Equal(AssociateRejectReason.TemporaryCongestion, reject.Reason);
    }

    [Fact]
    public void Negotiate_UnsupportedProtocolVersion_RejectsAcseReason2()
    {
        var request = Request();
        request.ProtocolVersion = 2;

        var reject = Rejected(request);

        Assert.Equal(AssociateRejectSource.ServiceProviderAcse, reject.Source);
        Assert.Equal(AssociateRejectReason.ProtocolVersionNotSupported, reject.Reason);
    }

    [Fact]
    public void Negotiate_PicksFirstSyntaxInOurPreferenceNotTheirs()
    {
        var request = Request(contexts:
        [
            new PresentationContextRequest(1, DicomUid.CTImageStorage.Value, [TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.ExplicitVRLittleEndian.Uid]),
            new PresentationContextRequest(3, DicomUid.CTImageStorage.Value, [TransferSyntax.ExplicitVRBigEndian.Uid]),
            new PresentationContextRequest(5, DicomUid.CTImageStorage.Value, ["1.2.3.4.5.6"]),
            new PresentationContextRequest(7, "1.2.840.10008.5.1.4.1.2.1.1", [TransferSyntax.ImplicitVRLittleEndian.Uid]),
        ]);

        var decision = AssociationNegotiator.Negotiate(request, Options, atCapacity: false);

        Assert.NotNull(decision.Accept);
        var responses = decision.Accept.PresentationContexts;
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, responses[0].TransferSyntax);
        Assert.Equal(TransferSyntax.ExplicitVRBigEndian.Uid, responses[1].TransferSyntax);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, responses[2].Result);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, responses[3].Result);
        Assert.Equal([1, 3], decision.AcceptedContexts.Select(c => (int)c.Id));
    }

    [Fact]
    public void Negotiate_AsynchronousWindowRequested_AnswersOneByOne()
    {
        var request = Request();
        request.UserInformation.AsynchronousOperationsWindow = (16, 16);

        var accept = AssociationNegotiator.Negotiate(request, Options, atCapacity: false).Accept;
        Assert.NotNull(accept);

        Assert.Equal(((ushort)1, (ushort)1), accept.UserInformation.AsynchronousOperationsWindow);
        Assert.Equal(Options.MaximumPduLength, accept.UserInformation.MaximumLength);
        Assert.Equal(DicomImplementation.ClassUid, accept.UserInformation.ImplementationClassUid);
    }

    private static AssociateReject Rejected(AssociateRequest request) =>
        Assert.NotNull(AssociationNegotiator.Negotiate(request, Options, atCapacity: false).Reject);

    private static AssociateRequest Request(string called = "LANTERN", string calling = "SCANNER", List<PresentationContextRequest>? contexts = null) => new()
    {
        CalledAE = called,
        CallingAE = calling,
        PresentationContexts = contexts ?? [new PresentationContextRequest(1, DicomUid.Verification.Value, [TransferSyntax.ImplicitVRLittleEndian.Uid])],
        UserInformation = new UserInformation { MaximumLength = 16384 },
    };
}
