namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// The Reason/Diag. field of an A-ABORT (PS3.8 §9.3.8), significant only when the source is
/// <see cref="AbortSource.ServiceProvider"/>; 3 is reserved.
/// </summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}
