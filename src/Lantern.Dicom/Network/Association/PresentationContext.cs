using Lantern.Dicom.Data;

namespace Lantern.Dicom.Network.Association;

/// <summary>An accepted presentation context: what the peer may send on it, and in which syntax.</summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, TransferSyntax TransferSyntax);
