using Lantern.Dicom.Network.UpperLayer;
using static Lantern.Dicom.Tests.Network.UpperLayer.Standard;

namespace Lantern.Dicom.Tests.Network.UpperLayer;

/// <summary>The standard's sequences walked event by event, each step's action and next state checked against PS3.8 §9.2.</summary>
public sealed class UpperLayerStateMachineTests
{
    [Fact]
    public void Fire_AcceptorAcceptsTransfersReleases_StandardSequence()
    {
        var machine = new UpperLayerStateMachine(isRequestor: false);

        Walk(machine,
            ("Evt5", "AE-5", "Sta2"),   // connection accepted, ARTIM
            ("Evt6", "AE-6", "Sta3"),   // A-ASSOCIATE-RQ
            ("Evt7", "AE-7", "Sta6"),   // accepted
            ("Evt10", "DT-2", "Sta6"),  // P-DATA-TF in
            ("Evt9", "DT-1", "Sta6"),   // P-DATA-TF out
            ("Evt12", "AR-2", "Sta8"),  // A-RELEASE-RQ
            ("Evt14", "AR-4", "Sta13"), // A-RELEASE-RP sent, ARTIM
            ("Evt17", "AR-5", "Sta1")); // the requestor closed
    }

    [Fact]
    public void Fire_AcceptorRejects_WaitsForCloseInSta13()
    {
        var machine = MachineIn("Sta3");

        Walk(machine,
            ("Evt8", "AE-8", "Sta13"),
            ("Evt17", "AR-5", "Sta1"));
    }

    [Fact]
    public void Fire_RequestorAssociatesTransfersReleases_StandardSequence()
    {
        var machine = new UpperLayerStateMachine(isRequestor: true);

        Walk(machine,
            ("Evt1", "AE-1", "Sta4"),
            ("Evt2", "AE-2", "Sta5"),
            ("Evt3", "AE-3", "Sta6"),
            ("Evt9", "DT-1", "Sta6"),
            ("Evt10", "DT-2", "Sta6"),
            ("Evt11", "AR-1", "Sta7"),
            ("Evt10", "AR-6", "Sta7"),  // a late P-DATA while awaiting the A-RELEASE-RP
            ("Evt13", "AR-3", "Sta1"));
    }

    [Fact]
    public void Fire_RequestorRejected_ClosesToSta1()
    {
        Walk(MachineIn("Sta5"), ("Evt4", "AE-4", "Sta1"));
    }

    [Fact]
    public void Fire_ReleaseCollisionAsRequestor_AnswersFirst()
    {
        var machine = MachineIn("Sta6", requestor: true);

        Walk(machine,
            ("Evt11", "AR-1", "Sta7"),
            ("Evt12", "AR-8", "Sta9"),
            ("Evt14", "AR-9", "Sta11"),
            ("Evt13", "AR-3", "Sta1"));
    }

    [Fact]
    public void Fire_ReleaseCollisionAsAcceptor_AnswersAfterThePeer()
    {
        var machine = MachineIn("Sta6", requestor: false);

        Walk(machine,
            ("Evt11", "AR-1", "Sta7"),
            ("Evt12", "AR-8", "Sta10"),
            ("Evt13", "AR-10", "Sta12"),
            ("Evt14", "AR-4", "Sta13"),
            ("Evt17", "AR-5", "Sta1"));
    }

    /// <summary>The local user's A-ABORT request: AA-1 wherever there is an association, AA-2 before the connection opened.</summary>
    [Theory]
    [InlineData("Sta3", "AA-1", "Sta13")]
    [InlineData("Sta4", "AA-2", "Sta1")]
    [InlineData("Sta5", "AA-1", "Sta13")]
    [InlineData("Sta6", "AA-1", "Sta13")]
    [InlineData("Sta7", "AA-1", "Sta13")]
    [InlineData("Sta8", "AA-1", "Sta13")]
    [InlineData("Sta9", "AA-1", "Sta13")]
    [InlineData("Sta10", "AA-1", "Sta13")]
    [InlineData("Sta11", "AA-1", "Sta13")]
    [InlineData("Sta12", "AA-1", "Sta13")]
    public void Fire_AbortRequest_AbortsFromEveryState(string state, string action, string next)
    {
        Walk(MachineIn(state), ("Evt15", action, next));
    }

    /// <summary>No association to abort: Sta1, Sta2 (the user has not heard of it yet) and Sta13 (it is over).</summary>
    [Theory]
    [InlineData("Sta1")]
    [InlineData("Sta2")]
    [InlineData("Sta13")]
    public void TryFire_AbortRequestWithoutAssociation_RefusedAndStateStays(string state)
    {
        var machine = MachineIn(state);

        Assert.False(machine.TryFire(UpperLayerEvent.Evt15, out _));
        Assert.Equal(State(state), machine.State);
    }

    /// <summary>The peer's A-ABORT: AA-3 (indication, close) in an association, AA-2 (close) before one and after it.</summary>
    [Theory]
    [InlineData("Sta2", "AA-2")]
    [InlineData("Sta3", "AA-3")]
    [InlineData("Sta5", "AA-3")]
    [InlineData("Sta6", "AA-3")]
    [InlineData("Sta7", "AA-3")]
    [InlineData("Sta8", "AA-3")]
    [InlineData("Sta9", "AA-3")]
    [InlineData("Sta10", "AA-3")]
    [InlineData("Sta11", "AA-3")]
    [InlineData("Sta12", "AA-3")]
    [InlineData("Sta13", "AA-2")]
    public void Fire_AbortReceived_ClosesFromEveryState(string state, string action)
    {
        Walk(MachineIn(state), ("Evt16", action, "Sta1"));
    }

    /// <summary>The connection closed under the association: AA-5 before it, AA-4 (A-P-ABORT) in it, AR-5 once it is over.</summary>
    [Theory]
    [InlineData("Sta2", "AA-5")]
    [InlineData("Sta4", "AA-4")]
    [InlineData("Sta6", "AA-4")]
    [InlineData("Sta9", "AA-4")]
    [InlineData("Sta13", "AR-5")]
    public void Fire_ConnectionClosed_Sta1(string state, string action)
    {
        Walk(MachineIn(state), ("Evt17", action, "Sta1"));
    }

    /// <summary>Sta2: anything but an A-ASSOCIATE-RQ, or a PDU that cannot be read, is answered by AA-1 (source service-user).</summary>
    [Theory]
    [InlineData("Evt3")]
    [InlineData("Evt4")]
    [InlineData("Evt10")]
    [InlineData("Evt12")]
    [InlineData("Evt13")]
    [InlineData("Evt19")]
    public void Fire_UnexpectedPduInSta2_AA1(string @event)
    {
        Walk(MachineIn("Sta2"), (@event, "AA-1", "Sta13"));
    }

    /// <summary>Sta5, awaiting the answer to our request: anything else is answered by AA-8 (source service-provider).</summary>
    [Theory]
    [InlineData("Evt6")]
    [InlineData("Evt10")]
    [InlineData("Evt12")]
    [InlineData("Evt13")]
    [InlineData("Evt19")]
    public void Fire_UnexpectedPduInSta5_AA8(string @event)
    {
        Walk(MachineIn("Sta5"), (@event, "AA-8", "Sta13"));
    }

    [Theory]
    [InlineData("Evt3", false)]
    [InlineData("Evt4", false)]
    [InlineData("Evt6", false)]
    [InlineData("Evt13", false)]
    [InlineData("Evt19", false)]
    [InlineData("Evt3", true)]
    [InlineData("Evt6", true)]
    [InlineData("Evt19", true)]
    public void Fire_UnexpectedPduInSta6_AA8(string @event, bool requestor)
    {
        Walk(MachineIn("Sta6", requestor), (@event, "AA-8", "Sta13"));
    }

    /// <summary>Sta13, the association over: PDUs still on the way are ignored, a new request or garbage gets an A-ABORT.</summary>
    [Theory]
    [InlineData("Evt3", "AA-6")]
    [InlineData("Evt4", "AA-6")]
    [InlineData("Evt10", "AA-6")]
    [InlineData("Evt12", "AA-6")]
    [InlineData("Evt13", "AA-6")]
    [InlineData("Evt6", "AA-7")]
    [InlineData("Evt19", "AA-7")]
    public void Fire_PduInSta13_IgnoredOrAbortedAndStaysInSta13(string @event, string action)
    {
        Walk(MachineIn("Sta13"), (@event, action, "Sta13"), ("Evt17", "AR-5", "Sta1"));
    }

    /// <summary>ARTIM runs in Sta2 (awaiting the request) and Sta13 (awaiting the close); its expiry closes the connection.</summary>
    [Theory]
    [InlineData("Sta2")]
    [InlineData("Sta13")]
    public void Fire_ArtimExpired_AA2ToSta1(string state)
    {
        Walk(MachineIn(state), ("Evt18", "AA-2", "Sta1"));
    }

    [Fact]
    public void Fire_EventWithoutActionInState_ThrowsAndStateStays()
    {
        var machine = MachineIn("Sta6");

        Assert.Throws<InvalidOperationException>(() => machine.Fire(UpperLayerEvent.Evt18));
        Assert.Equal(UpperLayerState.Sta6, machine.State);
    }

    private static void Walk(UpperLayerStateMachine machine, params (string Event, string Action, string Next)[] steps)
    {
        foreach (var (@event, action, next) in steps)
        {
            var from = machine.State;
            var transition = machine.Fire(Event(@event));

            Assert.True(Action(action) == transition.Action, $"{@event} in {from}: expected {action}, took {transition.Action}");
            Assert.True(State(next) == machine.State, $"{@event} in {from} ({action}): expected {next}, now {machine.State}");
        }
    }
}
