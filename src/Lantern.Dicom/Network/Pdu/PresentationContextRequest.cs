namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A Presentation Context Item of an A-ASSOCIATE-RQ (item type 20H, PS3.8 §9.3.2.2): an odd id,
/// one abstract syntax and the transfer syntaxes offered for it, in order of preference.
/// </summary>
public sealed record PresentationContextRequest(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
