using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Network.Scu;

/// <summary>What became of one file sent: the peer's status, or why it was not sent.</summary>
public sealed record StoreResult(string Path, string? SopInstanceUid, DimseStatus? Status, string? Error)
{
    public bool Succeeded => Status is { } status && (status.IsSuccess || status.IsWarning);
}
