using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// Waits for a peer to listen. On Linux it reads the kernel's socket tables (<c>/proc/net/tcp</c>,
/// <c>/proc/net/tcp6</c>) and the peer's open files (<c>/proc/PID/fd</c>) rather than connecting, so
/// that the peer never sees a probe connection (which would show up in its log, or in a DICOM
/// listener's association count), and so that a port taken by some other process does not pass for
/// the peer listening. Elsewhere it falls back to connecting.
/// </summary>
internal static class ListeningPort
{
    private const string ListenState = "0A";
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Returns once <paramref name="peer"/> listens on TCP <paramref name="port"/>; throws with the
    /// peer's output when it exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task WaitAsync(PeerProcess peer, int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(s_interval);
        while (!IsListening(port, peer.Id))
        {
            if (peer.HasExited)
            {
                throw new InvalidOperationException($"`{peer.CommandLine}` exited with {peer.ExitCode} before listening on port {port}. Its output:\n{peer.Output}");
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"`{peer.CommandLine}` did not listen on port {port} within {timeout.TotalSeconds:F0} s. Its output:\n{peer.Output}");
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Whether a socket listens on TCP <paramref name="port"/> (any address); with
    /// <paramref name="processId"/>, one that this process holds (Linux only; elsewhere any listener counts).
    /// </summary>
    public static bool IsListening(int port, int? processId = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return CanConnect(port);
        }

        var inodes = new HashSet<string>(StringComparer.Ordinal);
        AddListeningSockets("/proc/net/tcp", port, inodes);
        AddListeningSockets("/proc/net/tcp6", port, inodes);
        if (inodes.Count == 0 || processId is not { } pid)
        {
            return inodes.Count > 0;
        }

        try
        {
            foreach (var descriptor in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                // Each open socket is a link to "socket:[INODE]".
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && inodes.Contains(target["socket:[".Length..^1]))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // The process has exited, or closed the descriptor while we looked.
        }

        return false;
    }

    /// <summary>
    /// Rows look like <c>0: 0100007F:2EDF 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12345 ...</c>:
    /// local address:port (hex), remote, state, queues, timer, retransmits, uid, timeout, inode.
    /// </summary>
    private static void AddListeningSockets(string table, int port, HashSet<string> inodes)
    {
        if (!File.Exists(table))
        {
            return;
        }

        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != ListenState)
            {
                continue;
            }

            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon > 0 && int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort) && localPort == port)
            {
                inodes.Add(fields[9]);
            }
        }
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
