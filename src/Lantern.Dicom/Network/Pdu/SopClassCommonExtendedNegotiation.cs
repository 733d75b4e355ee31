namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// SOP Class Common Extended Negotiation sub-item (57H, PS3.7 §D.3.3.6), sent in a request only:
/// the service class of a SOP class and the general SOP classes it specializes.
/// </summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClassUids);
