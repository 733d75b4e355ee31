using System.Globalization;
using Lantern.Dicom.Network.Scp;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// <c>lantern listen</c> as a peer: started through <see cref="LanternCli"/> on a free loopback port,
/// storing into a folder the caller owns, returned once it listens (read from <c>/proc</c>, so it
/// never sees a probe association) and has said so; and what a test reads of that folder: the
/// instances visible as received (<c>UID.dcm</c>) and the temporary files in <c>.incoming</c>.
/// Dispose kills it.
/// </summary>
internal sealed class LanternListener : IDisposable
{
    public const string DefaultAeTitle = "LANTERN";

    /// <summary>A cold <c>dotnet lantern.dll</c> on a busy two-core machine takes a few seconds to listen.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private LanternListener(PeerProcess process, int port, string outputDirectory, string aeTitle)
    {
        Process = process;
        Port = port;
        OutputDirectory = outputDirectory;
        AeTitle = aeTitle;
    }

    public PeerProcess Process { get; }

    public int Port { get; }

    /// <summary>The folder given as <c>--out</c>.</summary>
    public string OutputDirectory { get; }

    public string AeTitle { get; }

    /// <summary>Where data sets are written while they arrive.</summary>
    public string IncomingDirectory => Path.Combine(OutputDirectory, IncomingInstanceFile.PartialFolderName);

    /// <summary>Starts <c>lantern listen --port P --aet AE --out DIR ARGS</c>.</summary>
    public static async Task<LanternListener> StartAsync(string outputDirectory, string aeTitle = DefaultAeTitle, IEnumerable<string>? extraArguments = null)
    {
        var port = FreePort.Next();
        var process = LanternCli.Start(["listen", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--aet", aeTitle, "--out", outputDirectory, .. extraArguments ?? []]);
        try
        {
            await ListeningPort.WaitAsync(process, port, s_startTimeout);
            await process.WaitForOutputAsync("listening on ", s_startTimeout);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new LanternListener(process, port, outputDirectory, aeTitle);
    }

    /// <summary>The instances stored so far (<c>*.dcm</c> directly in the output folder).</summary>
    public string[] StoredFiles() => Directory.GetFiles(OutputDirectory, "*.dcm");

    /// <summary>The SOP Instance UIDs visible as received: the <c>UID.dcm</c> files of the folder.</summary>
    public SortedSet<string> StoredInstanceUids() =>
        new(StoredFiles().Select(Path.GetFileNameWithoutExtension).OfType<string>(), StringComparer.Ordinal);

    public string PathOf(string sopInstanceUid) => Path.Combine(OutputDirectory, sopInstanceUid + ".dcm");

    /// <summary>Files in <c>.incoming</c>: data sets being received, or left by a crash.</summary>
    public string[] IncomingFiles() => Directory.Exists(IncomingDirectory) ? Directory.GetFiles(IncomingDirectory) : [];

    /// <summary>Every file of the folder other than the received instances and the temporary folder's content.</summary>
    public IReadOnlyList<string> OtherFiles() =>
        [.. Directory.GetFiles(OutputDirectory).Where(path => !path.EndsWith(".dcm", StringComparison.Ordinal))];

    /// <summary>Asserts that nothing is being received now: <c>.incoming</c> holds no file.</summary>
    public void AssertNoIncomingFiles() =>
        Assert.True(IncomingFiles().Length == 0, $"left in .incoming: {string.Join(", ", IncomingFiles().Select(Path.GetFileName))}\n{Process.Output}");

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
