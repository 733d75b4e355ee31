using static Lantern.Dicom.Network.UpperLayer.UpperLayerAction;

namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// PS3.8 Table 9-10, the DICOM upper layer state transition table, as data: for each event (row) and
/// state (column) the action to take, blank (<see cref="None"/>) where the event cannot occur. The next
/// state is the action's own (Tables 9-6 to 9-9), so it is not repeated in the grid.
/// </summary>
internal static class UpperLayerStateTable
{
    private const int StateCount = 13;
    private const int EventCount = 19;

    // Laid out as the standard prints it. Every PDU event has an action in every state with a transport
    // connection (Sta2, Sta3, Sta5-Sta13): whatever a peer sends, the table has an answer.
    private static readonly UpperLayerAction[] s_actions =
    [
        // Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9  Sta10 Sta11 Sta12 Sta13
        AE1,  None, None, None, None, None, None, None, None, None, None, None, None, // Evt1  A-ASSOCIATE request (local user)
        None, None, None, AE2,  None, None, None, None, None, None, None, None, None, // Evt2  transport connect confirmation
        None, AA1,  AA8,  None, AE3,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6,  // Evt3  A-ASSOCIATE-AC PDU
        None, AA1,  AA8,  None, AE4,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6,  // Evt4  A-ASSOCIATE-RJ PDU
        AE5,  None, None, None, None, None, None, None, None, None, None, None, None, // Evt5  transport connection indication
        None, AE6,  AA8,  None, AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA7,  // Evt6  A-ASSOCIATE-RQ PDU
        None, None, AE7,  None, None, None, None, None, None, None, None, None, None, // Evt7  A-ASSOCIATE response (accept)
        None, None, AE8,  None, None, None, None, None, None, None, None, None, None, // Evt8  A-ASSOCIATE response (reject)
        None, None, None, None, None, DT1,  None, AR7,  None, None, None, None, None, // Evt9  P-DATA request
        None, AA1,  AA8,  None, AA8,  DT2,  AR6,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6,  // Evt10 P-DATA-TF PDU
        None, None, None, None, None, AR1,  None, None, None, None, None, None, None, // Evt11 A-RELEASE request
        None, AA1,  AA8,  None, AA8,  AR2,  AR8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6,  // Evt12 A-RELEASE-RQ PDU
        None, AA1,  AA8,  None, AA8,  AA8,  AR3,  AA8,  AA8,  AR10, AR3,  AA8,  AA6,  // Evt13 A-RELEASE-RP PDU
        None, None, None, None, None, None, None, AR4,  AR9,  None, None, AR4,  None, // Evt14 A-RELEASE response
        None, None, AA1,  AA2,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  None, // Evt15 A-ABORT request
        None, AA2,  AA3,  None, AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA2,  // Evt16 A-ABORT PDU
        None, AA5,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AR5,  // Evt17 transport connection closed
        None, AA2,  None, None, None, None, None, None, None, None, None, None, AA2,  // Evt18 ARTIM timer expired
        None, AA1,  AA8,  None, AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA7,  // Evt19 unrecognized or invalid PDU
    ];

    /// <summary>
    /// The cell for <paramref name="event"/> in <paramref name="state"/>; for a blank one the action is
    /// <see cref="None"/> and the state stays. <paramref name="isRequestor"/> matters only to AR-8.
    /// </summary>
    public static UpperLayerTransition Lookup(UpperLayerState state, UpperLayerEvent @event, bool isRequestor)
    {
        var action = s_actions[((int)@event - 1) * StateCount + (int)state - 1];
        return action == None ? new UpperLayerTransition(None, state) : new UpperLayerTransition(action, NextState(action, isRequestor));
    }

    /// <summary>
    /// The state an action leads to (PS3.8 Tables 9-6 to 9-9). AE-6 leads to Sta3: our provider finds every
    /// well-formed A-ASSOCIATE-RQ acceptable and leaves the answer, whatever its result source, to the user
    /// (AE-7, AE-8), which puts the same PDU on the wire as the standard's provider-side rejection.
    /// </summary>
    public static UpperLayerState NextState(UpperLayerAction action, bool isRequestor) => action switch
    {
        AE1 => UpperLayerState.Sta4,
        AE2 => UpperLayerState.Sta5,
        AE3 or AE7 or DT1 or DT2 => UpperLayerState.Sta6,
        AE4 or AR3 or AR5 or AA2 or AA3 or AA4 or AA5 => UpperLayerState.Sta1,
        AE5 => UpperLayerState.Sta2,
        AE6 => UpperLayerState.Sta3,
        AE8 or AR4 or AA1 or AA6 or AA7 or AA8 => UpperLayerState.Sta13,
        AR1 or AR6 => UpperLayerState.Sta7,
        AR2 or AR7 => UpperLayerState.Sta8,
        AR8 => isRequestor ? UpperLayerState.Sta9 : UpperLayerState.Sta10,
        AR9 => UpperLayerState.Sta11,
        AR10 => UpperLayerState.Sta12,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not an action of PS3.8 Tables 9-6 to 9-9"),
    };
}
