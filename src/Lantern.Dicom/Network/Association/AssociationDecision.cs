using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.Association;

/// <summary>The answer to an A-ASSOCIATE-RQ: an accept with its presentation contexts, or a reject and why.</summary>
public sealed class AssociationDecision
{
    private AssociationDecision(AssociateAccept? accept, IReadOnlyList<PresentationContext> contexts, AssociateReject? reject, string? reason)
    {
        Accept = accept;
        AcceptedContexts = contexts;
        Reject = reject;
        RejectReason = reason;
    }

    public AssociateAccept? Accept { get; }

    public IReadOnlyList<PresentationContext> AcceptedContexts { get; }

    public AssociateReject? Reject { get; }

    /// <summary>Why, in words, for the log.</summary>
    public string? RejectReason { get; }

    public static AssociationDecision Accepted(AssociateAccept accept, IReadOnlyList<PresentationContext> contexts) => new(accept, contexts, null, null);

    public static AssociationDecision Rejected(AssociateReject reject, string reason) => new(null, [], reject, reason);
}
