using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Lantern.Dicom.Network.Dimse;
using Lantern.Dicom.Network.Pdu;
using Lantern.Dicom.Network.Scu;

namespace Lantern.Node.Commands;

/// <summary>The failures a network command reports in one line instead of a stack trace.</summary>
internal static class NetworkFailure
{
    public static bool IsExpected(Exception exception) => exception is AssociationRejectedException or SocketException or IOException
        or PduException or DimseException or TimeoutException or AuthenticationException or OperationCanceledException;

    /// <summary>A certificate or key file that is missing, unreadable or not what it must be.</summary>
    public static bool IsUnusableFile(Exception exception) => exception is CryptographicException or IOException or UnauthorizedAccessException;

    public static string Describe(Exception exception) => exception switch
    {
        SocketException socket => $"cannot connect: {socket.Message}",
        OperationCanceledException => "timed out or cancelled",
        _ => exception.Message,
    };
}
