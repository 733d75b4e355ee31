using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Network.Scp;

/// <summary>The caller's say over each C-STORE: accept or refuse it, and learn where it was stored.</summary>
public interface IDicomStoreHandler
{
    /// <summary>Called when a C-STORE request arrives, before its data set.</summary>
    ValueTask<StoreDecision> BeginStoreAsync(StoreRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Called once the instance is durably stored; the returned status (success, or a warning)
    /// is what the peer receives. An exception here turns into a failure status, and the file stays.
    /// </summary>
    ValueTask<DimseStatus> StoredAsync(StoredInstance instance, CancellationToken cancellationToken);
}
