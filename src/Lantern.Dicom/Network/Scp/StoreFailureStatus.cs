using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Network.Scp;

/// <summary>The one place where a failure to store becomes a C-STORE status (PS3.4 B.2.3).</summary>
internal static class StoreFailureStatus
{
    private const int DiskFull = 28; // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static DimseStatus FromException(Exception exception) => exception switch
    {
        IOException io when IsOutOfSpace(io) => DimseStatus.OutOfResources,
        UnauthorizedAccessException => DimseStatus.OutOfResources,
        DicomReadException => DimseStatus.CannotUnderstand,
        _ => DimseStatus.ProcessingFailure,
    };

    private static bool IsOutOfSpace(IOException exception) =>
        exception.HResult == WindowsDiskFull || (exception.HResult & 0xFFFF) is DiskFull or QuotaExceeded;
}
