using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Network.Scp;

/// <summary>
/// A request whose data set is still arriving: written to its file, or read and dropped when the
/// request was refused (the peer sends the data set anyway; the status goes out at its end).
/// </summary>
internal sealed class PendingMessage : IDisposable
{
    private PendingMessage(DimseCommand command, PresentationContext context, StoreRequest? request, IncomingInstanceFile? file, string? fileName, DimseStatus status)
    {
        Command = command;
        Context = context;
        Request = request;
        File = file;
        FileName = fileName;
        Status = status;
    }

    public DimseCommand Command { get; }

    public PresentationContext Context { get; }

    public StoreRequest? Request { get; }

    /// <summary>Where the data set goes; null when it is being dropped.</summary>
    public IncomingInstanceFile? File { get; private set; }

    public string? FileName { get; }

    /// <summary>The status to answer with when the data set is dropped.</summary>
    public DimseStatus Status { get; private set; }

    public string? FailureReason { get; private set; }

    public static PendingMessage Store(DimseCommand command, PresentationContext context, StoreRequest request, IncomingInstanceFile file, string fileName) =>
        new(command, context, request, file, fileName, DimseStatus.Success);

    public static PendingMessage Discard(DimseCommand command, PresentationContext context, DimseStatus status) =>
        new(command, context, null, null, null, status);

    /// <summary>Stops writing: the partial file goes, the rest of the data set is read and dropped.</summary>
    public void Fail(DimseStatus status, string reason)
    {
        File?.Dispose();
        File = null;
        Status = status;
        FailureReason = reason;
    }

    public void Dispose() => File?.Dispose();
}
