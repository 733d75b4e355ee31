using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// What <see cref="UpperLayerProvider.ReceiveAsync"/> hands the association: the event, the action PS3.8
/// Table 9-10 took for it, and what the association needs to act on it. Only the member that belongs to
/// the action is set.
/// </summary>
internal readonly record struct UpperLayerIndication(UpperLayerEvent Event, UpperLayerAction Action)
{
    /// <summary>AE-6: the A-ASSOCIATE-RQ to answer.</summary>
    public AssociateRequest? AssociateRequest { get; init; }

    /// <summary>AE-3: the peer accepted.</summary>
    public AssociateAccept? AssociateAccept { get; init; }

    /// <summary>AE-4: the peer rejected.</summary>
    public AssociateReject? AssociateReject { get; init; }

    /// <summary>AA-3 (or AA-2 in Sta2): the peer's A-ABORT.</summary>
    public AbortPdu? Abort { get; init; }

    /// <summary>DT-2, AR-6: the P-DATA-TF's values, slices of the received buffers valid until the next receive. Index it: a foreach through the interface would allocate.</summary>
    public IReadOnlyList<PresentationDataValue>? DataValues { get; init; }

    /// <summary>AA-1, AA-8: what was wrong with the PDU the provider has answered with an A-ABORT.</summary>
    public PduException? Refusal { get; init; }
}
