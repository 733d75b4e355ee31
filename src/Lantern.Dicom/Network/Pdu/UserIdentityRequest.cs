namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// User Identity Negotiation sub-item of a request (58H, PS3.7 §D.3.3.7). <see cref="IdentityType"/>:
/// 1 username, 2 username and passcode, 3 Kerberos service ticket, 4 SAML assertion, 5 JSON Web Token.
/// <see cref="SecondaryField"/> is the passcode for type 2 and empty otherwise.
/// </summary>
public sealed record UserIdentityRequest(byte IdentityType, bool PositiveResponseRequested, byte[] PrimaryField, byte[] SecondaryField);
