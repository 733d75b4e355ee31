namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A Presentation Context Item of an A-ASSOCIATE-AC (item type 21H, PS3.8 §9.3.3.2).
/// <see cref="TransferSyntax"/> is the one accepted, or "" when the context is not accepted: the
/// standard says the sub-item is then not significant, so a received value is not kept.
/// </summary>
public sealed record PresentationContextResponse(byte Id, PresentationContextResult Result, string TransferSyntax);
