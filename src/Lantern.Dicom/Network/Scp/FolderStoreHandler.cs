using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Network.Scp;

/// <summary>Stores every instance in one folder as "SOPInstanceUID.dcm" (the storescp equivalent).</summary>
public sealed class FolderStoreHandler(string directory) : IDicomStoreHandler
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public ValueTask<StoreDecision> BeginStoreAsync(StoreRequest request, CancellationToken cancellationToken)
    {
        // A UID is digits and dots, so it is a safe file name; anything else gets a made-up one.
        var name = DicomUid.IsValid(request.SopInstanceUid) ? request.SopInstanceUid : Guid.NewGuid().ToString("N");
        return ValueTask.FromResult(StoreDecision.Accept(Directory, name + ".dcm"));
    }

    public ValueTask<DimseStatus> StoredAsync(StoredInstance instance, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DimseStatus.Success);
}
