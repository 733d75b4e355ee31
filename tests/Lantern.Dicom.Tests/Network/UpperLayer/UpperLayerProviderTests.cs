using System.Buffers;
using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Pdu;
using Lantern.Dicom.Network.UpperLayer;

namespace Lantern.Dicom.Tests.Network.UpperLayer;

/// <summary>The provider's own actions as a peer sees them on a loopback connection: which PDUs it sends, and when it closes.</summary>
public sealed class UpperLayerProviderTests
{
    private static readonly TimeSpan s_artim = TimeSpan.FromSeconds(30);
    /// <summary>Waited for in full by the tests of its expiry; a second because the machine is shared and a test's own steps can lag.</summary>
    private static readonly TimeSpan s_shortArtim = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReceiveAsync_ReleaseRequestInSta2_ServiceUserAbortThenWaitsForClose()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = UpperLayerProvider.ForAcceptor(peer.Channel, s_artim, TimeProvider.System);
        await peer.SendAsync(ReleasePdu.WriteRequest);

        var indication = await provider.ReceiveAsync(s_wait, CancellationToken.None);

        Assert.Equal(UpperLayerAction.AA1, indication.Action);
        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), await peer.ReceiveAbortAsync());
        Assert.Equal(UpperLayerState.Sta13, provider.State);
        peer.CloseSending();
        await provider.AwaitCloseAsync(CancellationToken.None);
        Assert.Equal(UpperLayerState.Sta1, provider.State);
    }

    [Fact]
    public async Task ReceiveAsync_NothingBeforeArtim_ClosesWithoutPdu()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = UpperLayerProvider.ForAcceptor(peer.Channel, s_shortArtim, TimeProvider.System);

        var indication = await provider.ReceiveAsync(s_wait, CancellationToken.None);
        await peer.Channel.DisposeAsync();

        Assert.Equal(UpperLayerEvent.Evt18, indication.Event);
        Assert.Equal(UpperLayerAction.AA2, indication.Action);
        Assert.Equal(UpperLayerState.Sta1, provider.State);
        Assert.Null(await peer.ReceiveAsync());
    }

    [Fact]
    public async Task AwaitCloseAsync_AfterReject_IgnoresPDataAndAbortsNewRequest()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = UpperLayerProvider.ForAcceptor(peer.Channel, s_artim, TimeProvider.System);
        await peer.SendAsync(Request().WriteTo);
        var indication = await provider.ReceiveAsync(s_wait, CancellationToken.None);
        Assert.Equal(UpperLayerAction.AE6, indication.Action);
        Assert.Equal("SCANNER", indication.AssociateRequest!.CallingAE);
        await provider.RejectAsync(new AssociateReject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, 7), CancellationToken.None);
        Assert.Equal(PduType.AssociateReject, (await peer.ReceiveAsync())?.Type);

        await peer.SendAsync(writer => PDataTransfer.Write(writer, 1, isCommand: true, isLast: true, new byte[100]));
        await peer.SendAsync(Request().WriteTo);
        peer.CloseSending();
        await provider.AwaitCloseAsync(CancellationToken.None);
        await peer.Channel.DisposeAsync();

        Assert.Equal(UpperLayerState.Sta1, provider.State);
        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), await peer.ReceiveAbortAsync());
        Assert.Null(await peer.ReceiveAsync());
    }

    [Fact]
    public async Task AwaitCloseAsync_PeerNeverCloses_ArtimEndsTheWait()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        await peer.SendAsync(Request().WriteTo);
        var provider = UpperLayerProvider.ForAcceptor(peer.Channel, s_shortArtim, TimeProvider.System);
        Assert.Equal(UpperLayerAction.AE6, (await provider.ReceiveAsync(s_wait, CancellationToken.None)).Action);
        await provider.RejectAsync(new AssociateReject(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, 1), CancellationToken.None);

        await provider.AwaitCloseAsync(CancellationToken.None);

        Assert.Equal(UpperLayerState.Sta1, provider.State);
        Assert.Equal(PduType.AssociateReject, (await peer.ReceiveAsync())?.Type);
    }

    /// <summary>A PDU refused from its header leaves bytes that are no PDUs: they are drained, not answered with a second A-ABORT.</summary>
    [Fact]
    public async Task ReceiveAsync_PduLongerThanAnnouncedInSta6_OneAbortThenDrained()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = await EstablishedAcceptorAsync(peer);
        await peer.SendAsync(new byte[] { (byte)PduType.DataTransfer, 0, 0, 0x10, 0, 0 });

        var indication = await provider.ReceiveAsync(s_wait, CancellationToken.None);

        Assert.Equal(UpperLayerAction.AA8, indication.Action);
        Assert.Equal(PduRejectionReason.PduLengthAboveLimit, indication.Refusal!.Rejection);
        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue), await peer.ReceiveAbortAsync());
        await peer.SendAsync(new byte[64 * 1024]);
        peer.CloseSending();
        await provider.AwaitCloseAsync(CancellationToken.None);
        await peer.Channel.DisposeAsync();
        Assert.Null(await peer.ReceiveAsync());
    }

    [Fact]
    public async Task ReceiveAsync_PDataInSta6_IndicatesEachValue()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = await EstablishedAcceptorAsync(peer);
        await peer.SendAsync(writer => PDataTransfer.Write(writer, 1, isCommand: false, isLast: true, [1, 2, 3]));

        var indication = await provider.ReceiveAsync(s_wait, CancellationToken.None);

        Assert.Equal(UpperLayerAction.DT2, indication.Action);
        var value = Assert.Single(indication.DataValues!);
        Assert.Equal(new byte[] { 1, 2, 3 }, value.Data.ToArray());
        Assert.True(value.IsLast);
    }

    /// <summary>The association's own timer (idle) is its to act on: the state stays, and its A-ABORT request is AA-1.</summary>
    [Fact]
    public async Task AbortAsync_AfterIdleTimeoutInSta6_ServiceUserAbort()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = await EstablishedAcceptorAsync(peer);

        await Assert.ThrowsAsync<TimeoutException>(async () => await provider.ReceiveAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(UpperLayerState.Sta6, provider.State);
        await provider.AbortAsync();

        Assert.Equal(UpperLayerState.Sta13, provider.State);
        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), await peer.ReceiveAbortAsync());
    }

    [Fact]
    public async Task ReceiveAsync_AssociateRequestInSta5_ServiceProviderAbortUnexpectedPdu()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = UpperLayerProvider.ForRequestor(peer.Channel, s_artim, TimeProvider.System);
        await provider.RequestAssociationAsync(Request(), CancellationToken.None);
        Assert.Equal(PduType.AssociateRequest, (await peer.ReceiveAsync())?.Type);
        await peer.SendAsync(Request().WriteTo);

        var indication = await provider.ReceiveAsync(s_wait, CancellationToken.None);

        Assert.Equal(UpperLayerAction.AA8, indication.Action);
        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), await peer.ReceiveAbortAsync());
        Assert.Equal(UpperLayerState.Sta13, provider.State);
    }

    [Fact]
    public async Task RespondReleaseAsync_CollisionAsRequestor_AnswersThenAwaitsPeersAnswer()
    {
        await using var peer = await LoopbackPeer.ConnectAsync();
        var provider = UpperLayerProvider.ForRequestor(peer.Channel, s_artim, TimeProvider.System);
        await provider.RequestAssociationAsync(Request(), CancellationToken.None);
        await peer.ReceiveAsync();
        await peer.SendAsync(Accept().WriteTo);
        Assert.Equal(UpperLayerAction.AE3, (await provider.ReceiveAsync(s_wait, CancellationToken.None)).Action);
        await provider.RequestReleaseAsync(CancellationToken.None);
        Assert.Equal(PduType.ReleaseRequest, (await peer.ReceiveAsync())?.Type);
        await peer.SendAsync(ReleasePdu.WriteRequest);
        Assert.Equal(UpperLayerAction.AR8, (await provider.ReceiveAsync(s_wait, CancellationToken.None)).Action);

        await provider.RespondReleaseAsync(CancellationToken.None);

        Assert.Equal(UpperLayerState.Sta11, provider.State);
        Assert.Equal(PduType.ReleaseResponse, (await peer.ReceiveAsync())?.Type);
        await peer.SendAsync(ReleasePdu.WriteResponse);
        Assert.Equal(UpperLayerAction.AR3, (await provider.ReceiveAsync(s_wait, CancellationToken.None)).Action);
        Assert.Equal(UpperLayerState.Sta1, provider.State);
    }

    private static async Task<UpperLayerProvider> EstablishedAcceptorAsync(LoopbackPeer peer)
    {
        var provider = UpperLayerProvider.ForAcceptor(peer.Channel, s_artim, TimeProvider.System);
        await peer.SendAsync(Request().WriteTo);
        Assert.Equal(UpperLayerAction.AE6, (await provider.ReceiveAsync(s_wait, CancellationToken.None)).Action);
        await provider.AcceptAsync(Accept(), CancellationToken.None);
        Assert.Equal(PduType.AssociateAccept, (await peer.ReceiveAsync())?.Type);
        Assert.Equal(UpperLayerState.Sta6, provider.State);
        return provider;
    }

    private static AssociateRequest Request() => new()
    {
        CalledAE = "LANTERN",
        CallingAE = "SCANNER",
        PresentationContexts = [new PresentationContextRequest(1, DicomUid.Verification.Value, [TransferSyntax.ImplicitVRLittleEndian.Uid])],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" },
    };

    private static AssociateAccept Accept() => new()
    {
        CalledAE = "LANTERN",
        CallingAE = "SCANNER",
        PresentationContexts = [new PresentationContextResponse(1, PresentationContextResult.Acceptance, TransferSyntax.ImplicitVRLittleEndian.Uid)],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" },
    };
}
