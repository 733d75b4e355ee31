using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.Scu;

/// <summary>The peer refused the association (A-ASSOCIATE-RJ) or aborted it.</summary>
public sealed class AssociationRejectedException : Exception
{
    public AssociationRejectedException(string message) : base(message) { }

    public AssociationRejectedException(string message, Exception innerException) : base(message, innerException) { }

    public AssociationRejectedException() { }

    public AssociationRejectedException(AssociateReject reject)
        : base($"association rejected ({reject.Result}, {reject.Source}): {Describe(reject)}")
    {
        Reject = reject;
    }

    public AssociateReject? Reject { get; }

    /// <summary>PS3.8 Table 9-21 reasons in words.</summary>
    public static string Describe(AssociateReject reject) => (reject.Source, reject.Reason) switch
    {
        (AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNotSupported) => "application context name not supported",
        (AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAENotRecognized) => "calling AE title not recognized",
        (AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAENotRecognized) => "called AE title not recognized",
        (AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported) => "protocol version not supported",
        (AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.TemporaryCongestion) => "temporary congestion",
        (AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded) => "local limit exceeded",
        _ => $"reason {reject.Reason}",
    };
}
