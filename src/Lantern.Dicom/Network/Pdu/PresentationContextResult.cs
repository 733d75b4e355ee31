namespace Lantern.Dicom.Network.Pdu;

/// <summary>The Result/Reason field of an A-ASSOCIATE-AC Presentation Context Item (PS3.8 §9.3.3.2).</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}
