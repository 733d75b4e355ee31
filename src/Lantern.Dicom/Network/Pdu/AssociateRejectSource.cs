namespace Lantern.Dicom.Network.Pdu;

/// <summary>The Source field of an A-ASSOCIATE-RJ (PS3.8 §9.3.4): who rejected the association.</summary>
public enum AssociateRejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}
