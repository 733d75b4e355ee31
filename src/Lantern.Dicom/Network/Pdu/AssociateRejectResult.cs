namespace Lantern.Dicom.Network.Pdu;

/// <summary>The Result field of an A-ASSOCIATE-RJ (PS3.8 §9.3.4).</summary>
public enum AssociateRejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}
