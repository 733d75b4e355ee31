namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// The states of the DICOM upper layer state machine (PS3.8 §9.2.1, Tables 9-1 to 9-5), numbered as
/// the standard numbers them. Sta2–Sta3 are the acceptor's way in, Sta4–Sta5 the requestor's.
/// </summary>
internal enum UpperLayerState : byte
{
    /// <summary>Idle: no association and no transport connection.</summary>
    Sta1 = 1,

    /// <summary>Transport connection open, the A-ASSOCIATE-RQ PDU not yet received.</summary>
    Sta2,

    /// <summary>The local user has the A-ASSOCIATE indication and owes its response.</summary>
    Sta3,

    /// <summary>The transport connection the local user asked for is still opening.</summary>
    Sta4,

    /// <summary>The A-ASSOCIATE-RQ is sent; the A-ASSOCIATE-AC or -RJ PDU is awaited.</summary>
    Sta5,

    /// <summary>The association is established: data transfer.</summary>
    Sta6,

    /// <summary>The A-RELEASE-RQ is sent; the A-RELEASE-RP PDU is awaited.</summary>
    Sta7,

    /// <summary>The local user has the A-RELEASE indication and owes its response.</summary>
    Sta8,

    /// <summary>Release collision, association-requestor side: the local user owes its A-RELEASE response.</summary>
    Sta9,

    /// <summary>Release collision, association-acceptor side: the A-RELEASE-RP PDU is awaited.</summary>
    Sta10,

    /// <summary>Release collision, association-requestor side: the A-RELEASE-RP PDU is awaited.</summary>
    Sta11,

    /// <summary>Release collision, association-acceptor side: the local user owes its A-RELEASE response.</summary>
    Sta12,

    /// <summary>The association no longer exists; the transport connection's close is awaited (ARTIM running).</summary>
    Sta13,
}
