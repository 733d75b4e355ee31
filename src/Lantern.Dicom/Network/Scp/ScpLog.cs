using Microsoft.Extensions.Logging;

namespace Lantern.Dicom.Network.Scp;

/// <summary>Events of the SCP, ids 1000–1099. UIDs and AE titles only: never patient data.</summary>
internal static partial class ScpLog
{
    [LoggerMessage(1000, LogLevel.Information, "Listening for associations on {EndPoint} as {ApplicationEntityTitle}")]
    public static partial void Listening(ILogger logger, System.Net.EndPoint endPoint, string applicationEntityTitle);

    [LoggerMessage(1001, LogLevel.Information, "Association accepted: {CallingAE} -> {CalledAE} from {RemoteEndPoint}, {ContextCount} presentation context(s)")]
    public static partial void Accepted(ILogger logger, string callingAE, string calledAE, System.Net.EndPoint? remoteEndPoint, int contextCount);

    [LoggerMessage(1002, LogLevel.Warning, "Association rejected: {CallingAE} -> {CalledAE} from {RemoteEndPoint}: {Reason}")]
    public static partial void Rejected(ILogger logger, string callingAE, string calledAE, System.Net.EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Association from {RemoteEndPoint} aborted: {Reason}")]
    public static partial void Aborted(ILogger logger, System.Net.EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(1004, LogLevel.Information, "Association with {CallingAE} released after {Stored} instance(s)")]
    public static partial void Released(ILogger logger, string callingAE, int stored);

    [LoggerMessage(1005, LogLevel.Debug, "Stored {SopInstanceUid} ({SopClassUid}, {TransferSyntax}) as {Path}")]
    public static partial void Stored(ILogger logger, string sopInstanceUid, string sopClassUid, string transferSyntax, string path);

    [LoggerMessage(1006, LogLevel.Warning, "C-STORE of {SopInstanceUid} failed with status {Status}: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string sopInstanceUid, string status, string reason);

    [LoggerMessage(1007, LogLevel.Warning, "Connection from {RemoteEndPoint} failed: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, System.Net.EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(1008, LogLevel.Warning, "Request from {RemoteEndPoint} answered C000 (cannot understand): {Reason}")]
    public static partial void CommandNotUnderstood(ILogger logger, System.Net.EndPoint? remoteEndPoint, string reason);
}
