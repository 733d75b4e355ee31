using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Network.Scp;

/// <summary>Where to store an instance, or the failure status to refuse it with.</summary>
public readonly record struct StoreDecision(string? Directory, string? FileName, DimseStatus Status)
{
    public static StoreDecision Accept(string directory, string fileName) => new(directory, fileName, DimseStatus.Success);

    public static StoreDecision Refuse(DimseStatus status) => new(null, null, status);

    public bool IsAccepted => Directory is not null;
}
