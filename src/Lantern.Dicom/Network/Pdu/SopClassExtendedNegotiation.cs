namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// SOP Class Extended Negotiation sub-item (56H, PS3.7 §D.3.3.5): service-class-specific bytes
/// for one SOP class (for example Storage's level of support, Query/Retrieve's relational queries),
/// kept as they are; their meaning belongs to the service class.
/// </summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, byte[] ServiceClassApplicationInformation);
