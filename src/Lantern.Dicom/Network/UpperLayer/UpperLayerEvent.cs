namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// The events of the DICOM upper layer state machine (PS3.8 §9.2.3, the rows of Table 9-10), numbered
/// as the standard numbers them: the local user's primitives, PDUs received, and the transport and ARTIM
/// timer. A PDU is one of Evt3, 4, 6, 10, 12, 13 or 16 only once it has been read whole and parsed;
/// one that cannot be is <see cref="Evt19"/>.
/// </summary>
internal enum UpperLayerEvent : byte
{
    /// <summary>A-ASSOCIATE request primitive from the local user.</summary>
    Evt1 = 1,

    /// <summary>The transport connection the local user asked for is open (transport connect confirmation).</summary>
    Evt2,

    /// <summary>A-ASSOCIATE-AC PDU received.</summary>
    Evt3,

    /// <summary>A-ASSOCIATE-RJ PDU received.</summary>
    Evt4,

    /// <summary>A peer opened a transport connection (transport connection indication).</summary>
    Evt5,

    /// <summary>A-ASSOCIATE-RQ PDU received.</summary>
    Evt6,

    /// <summary>A-ASSOCIATE response primitive from the local user: accept.</summary>
    Evt7,

    /// <summary>A-ASSOCIATE response primitive from the local user: reject.</summary>
    Evt8,

    /// <summary>P-DATA request primitive from the local user.</summary>
    Evt9,

    /// <summary>P-DATA-TF PDU received.</summary>
    Evt10,

    /// <summary>A-RELEASE request primitive from the local user.</summary>
    Evt11,

    /// <summary>A-RELEASE-RQ PDU received.</summary>
    Evt12,

    /// <summary>A-RELEASE-RP PDU received.</summary>
    Evt13,

    /// <summary>A-RELEASE response primitive from the local user.</summary>
    Evt14,

    /// <summary>A-ABORT request primitive from the local user.</summary>
    Evt15,

    /// <summary>A-ABORT PDU received.</summary>
    Evt16,

    /// <summary>The transport connection closed (transport connection closed indication).</summary>
    Evt17,

    /// <summary>The ARTIM timer expired.</summary>
    Evt18,

    /// <summary>An unrecognized or invalid PDU received.</summary>
    Evt19,
}
