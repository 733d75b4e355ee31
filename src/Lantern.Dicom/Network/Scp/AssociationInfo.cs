using System.Net;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.Scp;

/// <summary>Who is on the other end of an accepted association, as negotiated.</summary>
public sealed record AssociationInfo(
    string CallingApplicationEntityTitle,
    string CalledApplicationEntityTitle,
    EndPoint? RemoteEndPoint,
    string? ImplementationClassUid,
    string? ImplementationVersionName,
    UserIdentityRequest? UserIdentity);
