using System.Globalization;
using Lantern.Dicom.Network.Scp;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// <c>lantern listen</c> on a free loopback port, storing into a folder the caller owns, and what a
/// test reads of that folder: the instances visible as received (<c>UID.dcm</c>) and the temporary
/// files in <c>.incoming</c>. Dispose kills it.
/// </summary>
internal sealed class LanternListener : IDisposable
{
    public const string AeTitle = HostilePdus.CalledAeTitle;

    private LanternListener(PeerProcess process, int port, string directory)
    {
        Process = process;
        Port = port;
        Directory = directory;
    }

    public PeerProcess Process { get; }

    public int Port { get; }

    /// <summary>The folder received instances go to.</summary>
    public string Directory { get; }

    public string IncomingDirectory => Path.Combine(Directory, IncomingInstanceFile.PartialFolderName);

    /// <summary>Starts <c>lantern listen</c> on <paramref name="directory"/> and returns once it listens.</summary>
    public static async Task<LanternListener> StartAsync(string directory, IEnumerable<string>? extraArguments = null)
    {
        var port = FreePort.Next();
        string[] arguments = ["listen", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--aet", AeTitle, "--out", directory, .. extraArguments ?? []];
        var process = LanternCli.Start(arguments);
        try
        {
            await ListeningPort.WaitAsync(process, port, Dcmtk.StartTimeout);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new LanternListener(process, port, directory);
    }

    /// <summary>The files in <c>.incoming</c>: data sets being received, or left by a crash.</summary>
    public IReadOnlyList<string> PartialFiles() =>
        System.IO.Directory.Exists(IncomingDirectory) ? System.IO.Directory.GetFiles(IncomingDirectory) : [];

    /// <summary>The SOP Instance UIDs visible as received: the <c>UID.dcm</c> files of the folder.</summary>
    public SortedSet<string> StoredInstanceUids() =>
        new(System.IO.Directory.GetFiles(Directory, "*.dcm").Select(Path.GetFileNameWithoutExtension).OfType<string>(), StringComparer.Ordinal);

    /// <summary>Every file of the folder other than the received instances and the temporary folder's content.</summary>
    public IReadOnlyList<string> OtherFiles() =>
        [.. System.IO.Directory.GetFiles(Directory).Where(path => !path.EndsWith(".dcm", StringComparison.Ordinal))];

    public string PathOf(string sopInstanceUid) => Path.Combine(Directory, sopInstanceUid + ".dcm");

    /// <summary>Asserts that nothing is being received now: <c>.incoming</c> holds no file.</summary>
    public void AssertNoPartialFiles() =>
        Assert.True(PartialFiles().Count == 0, $"left in .incoming: {string.Join(", ", PartialFiles().Select(Path.GetFileName))}\n{Process.Output}");

    /// <summary>
    /// Kills it with SIGKILL, as a crash would, and waits until it is gone. Straight to its process id
    /// (<c>dotnet lantern.dll</c> is one process): finding a process tree first can take long enough on
    /// a busy machine for a transfer to finish before the kill lands.
    /// </summary>
    public async Task KillAsync()
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(Process.Id);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It has exited already.
        }

        await Process.WaitForExitAsync(Dcmtk.StartTimeout);
    }

    public void Dispose() => Process.Dispose();
}
