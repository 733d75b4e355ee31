namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// The Reason/Diag. values of an A-ASSOCIATE-RJ (PS3.8 §9.3.4). Their meaning depends on the
/// <see cref="AssociateRejectSource"/>, hence constants rather than an enum.
/// </summary>
public static class AssociateRejectReason
{
    /// <summary>Source <see cref="AssociateRejectSource.ServiceUser"/> or <see cref="AssociateRejectSource.ServiceProviderAcse"/>.</summary>
    public const byte NoReasonGiven = 1;

    /// <summary>Source <see cref="AssociateRejectSource.ServiceUser"/>.</summary>
    public const byte ApplicationContextNotSupported = 2;

    /// <summary>Source <see cref="AssociateRejectSource.ServiceUser"/>.</summary>
    public const byte CallingAENotRecognized = 3;

    /// <summary>Source <see cref="AssociateRejectSource.ServiceUser"/>.</summary>
    public const byte CalledAENotRecognized = 7;

    /// <summary>Source <see cref="AssociateRejectSource.ServiceProviderAcse"/>.</summary>
    public const byte ProtocolVersionNotSupported = 2;

    /// <summary>Source <see cref="AssociateRejectSource.ServiceProviderPresentation"/>.</summary>
    public const byte TemporaryCongestion = 1;

    /// <summary>Source <see cref="AssociateRejectSource.ServiceProviderPresentation"/>.</summary>
    public const byte LocalLimitExceeded = 2;
}
