namespace Lantern.Dicom.Network.Pdu;

/// <summary>The Source field of an A-ABORT (PS3.8 §9.3.8); 1 is reserved.</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    ServiceProvider = 2,
}
