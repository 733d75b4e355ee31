using System.Buffers;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class AssociateRejectTests
{
    [Fact]
    public void WriteTo_CalledAENotRecognized_MatchesStandardLayout()
    {
        var reject = new AssociateReject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAENotRecognized);

        // PS3.8 §9.3.4: type 03H, reserved, length 4, reserved, result, source, reason.
        Assert.Equal(new byte[] { 0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x07 }, Written(reject.WriteTo));
    }

    [Fact]
    public void WriteTo_TransientCongestion_MatchesStandardLayout()
    {
        var reject = new AssociateReject(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.TemporaryCongestion);

        Assert.Equal(new byte[] { 0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x02, 0x03, 0x01 }, Written(reject.WriteTo));
    }

    [Theory]
    [InlineData(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven)]
    [InlineData(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNotSupported)]
    [InlineData(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAENotRecognized)]
    [InlineData(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported)]
    [InlineData(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded)]
    public void Parse_EveryWellKnownReason_RoundTrips(AssociateRejectResult result, AssociateRejectSource source, byte reason)
    {
        var reject = new AssociateReject(result, source, reason);

        Assert.Equal(reject, AssociateReject.Parse(Body(reject.WriteTo)));
    }

    [Fact]
    public void Parse_SplitBody_SameAsContiguous()
    {
        var bytes = new byte[] { 0x00, 0x02, 0x02, 0x02 };

        Assert.Equal(
            new AssociateReject(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported),
            AssociateReject.Parse(EveryByteASegment(bytes)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void Parse_BodyNotFourBytes_Rejected(int length)
    {
        var e = Assert.Throws<PduException>(() => AssociateReject.Parse(new ReadOnlySequence<byte>(new byte[length])));

        Assert.Equal(PduRejectionReason.InvalidPduLength, e.Rejection);
    }

    [Fact]
    public void Parse_ValuesOutsideTheStandard_KeptAsReceived()
    {
        var reject = AssociateReject.Parse(new ReadOnlySequence<byte>(new byte[] { 0xFF, 0x09, 0x08, 0x42 }));

        Assert.Equal((AssociateRejectResult)9, reject.Result);
        Assert.Equal((AssociateRejectSource)8, reject.Source);
        Assert.Equal(0x42, reject.Reason);
    }
}
