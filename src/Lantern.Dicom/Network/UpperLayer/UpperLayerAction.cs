namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// The actions of the DICOM upper layer state machine (PS3.8 §9.2.2, Tables 9-6 to 9-9), named as the
/// standard names them (AE-1 is <see cref="AE1"/>). Each names its next state; see
/// <see cref="UpperLayerStateTable.NextState"/>.
/// </summary>
internal enum UpperLayerAction : byte
{
    /// <summary>A blank cell of Table 9-10: the event cannot occur in that state.</summary>
    None = 0,

    /// <summary>Open the transport connection (→ Sta4).</summary>
    AE1,

    /// <summary>Send the A-ASSOCIATE-RQ PDU (→ Sta5).</summary>
    AE2,

    /// <summary>A-ASSOCIATE confirmation, accepted (→ Sta6).</summary>
    AE3,

    /// <summary>A-ASSOCIATE confirmation, rejected; close the transport connection (→ Sta1).</summary>
    AE4,

    /// <summary>Accept the transport connection, start ARTIM (→ Sta2).</summary>
    AE5,

    /// <summary>Stop ARTIM; A-ASSOCIATE indication to the local user (→ Sta3).</summary>
    AE6,

    /// <summary>Send the A-ASSOCIATE-AC PDU (→ Sta6).</summary>
    AE7,

    /// <summary>Send the A-ASSOCIATE-RJ PDU, start ARTIM (→ Sta13).</summary>
    AE8,

    /// <summary>Send a P-DATA-TF PDU (→ Sta6).</summary>
    DT1,

    /// <summary>P-DATA indication to the local user (→ Sta6).</summary>
    DT2,

    /// <summary>Send the A-RELEASE-RQ PDU (→ Sta7).</summary>
    AR1,

    /// <summary>A-RELEASE indication to the local user (→ Sta8).</summary>
    AR2,

    /// <summary>A-RELEASE confirmation; close the transport connection (→ Sta1).</summary>
    AR3,

    /// <summary>Send the A-RELEASE-RP PDU, start ARTIM (→ Sta13).</summary>
    AR4,

    /// <summary>Stop ARTIM (→ Sta1).</summary>
    AR5,

    /// <summary>P-DATA indication while awaiting the A-RELEASE-RP (→ Sta7).</summary>
    AR6,

    /// <summary>Send a P-DATA-TF PDU before the A-RELEASE response (→ Sta8).</summary>
    AR7,

    /// <summary>A-RELEASE indication in a release collision (→ Sta9 for the association-requestor, Sta10 for the acceptor).</summary>
    AR8,

    /// <summary>Send the A-RELEASE-RP PDU (→ Sta11).</summary>
    AR9,

    /// <summary>A-RELEASE confirmation in a release collision (→ Sta12).</summary>
    AR10,

    /// <summary>Send an A-ABORT PDU, source service-user; start or restart ARTIM (→ Sta13).</summary>
    AA1,

    /// <summary>Stop ARTIM if it runs; close the transport connection (→ Sta1).</summary>
    AA2,

    /// <summary>A-ABORT (or A-P-ABORT) indication to the local user; close the transport connection (→ Sta1).</summary>
    AA3,

    /// <summary>A-P-ABORT indication to the local user (→ Sta1).</summary>
    AA4,

    /// <summary>Stop ARTIM (→ Sta1).</summary>
    AA5,

    /// <summary>Ignore the PDU (→ Sta13).</summary>
    AA6,

    /// <summary>Send an A-ABORT PDU (→ Sta13).</summary>
    AA7,

    /// <summary>Send an A-ABORT PDU, source service-provider; A-P-ABORT indication; start ARTIM (→ Sta13).</summary>
    AA8,
}
