namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// SCP/SCU Role Selection sub-item (54H, PS3.7 §D.3.3.4). In a request: the roles the requestor
/// proposes for itself; in an accept: the roles the acceptor agrees to.
/// </summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
