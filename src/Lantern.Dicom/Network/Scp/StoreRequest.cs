using Lantern.Dicom.Data;

namespace Lantern.Dicom.Network.Scp;

/// <summary>A C-STORE request whose data set is about to arrive.</summary>
public sealed record StoreRequest(AssociationInfo Association, string SopClassUid, string SopInstanceUid, TransferSyntax TransferSyntax, ushort MessageId);
