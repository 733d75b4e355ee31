namespace Lantern.Dicom.Network.Pdu;

/// <summary>The first byte of every upper-layer PDU (PS3.8 §9.3.1).</summary>
public enum PduType : byte
{
    AssociateRequest = 1,
    AssociateAccept = 2,
    AssociateReject = 3,
    DataTransfer = 4,
    ReleaseRequest = 5,
    ReleaseResponse = 6,
    Abort = 7,
}
