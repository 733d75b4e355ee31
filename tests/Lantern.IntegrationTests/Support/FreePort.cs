using System.Net;
using System.Net.Sockets;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// Free loopback TCP ports for peers, so that test classes can run in parallel and never meet the
/// fixed ports of a system service (Orthanc's 4242/8042, storescp's 104/11112).
/// </summary>
internal static class FreePort
{
    // Process-wide on purpose (the one mutable static of the harness): the kernel may hand a port that
    // was just released to the next bind(0), so two tests asking at the same moment could both get it
    // before either peer has bound it. Remembering what was handed out makes the ports unique per run.
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_gate = new();

    /// <summary>A port that nothing listens on now and that this test run has not handed out before.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (s_gate)
            {
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free loopback TCP port that this run has not used already");
    }
}
