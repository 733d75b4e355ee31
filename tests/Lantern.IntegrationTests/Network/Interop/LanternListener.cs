using System.Globalization;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// <c>lantern listen</c> as a peer: started through <see cref="LanternCli"/> on a free loopback port
/// with its own output folder, returned once it listens (read from <c>/proc</c>, so it never sees a
/// probe association). Dispose kills it.
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

    /// <summary>Where data sets are written while they arrive (<c>IncomingInstanceFile.PartialFolderName</c>).</summary>
    public string IncomingDirectory => Path.Combine(OutputDirectory, ".incoming");

    /// <summary>
    /// Starts <c>lantern listen --port P --aet AE --out DIR ARGS</c> and returns once it listens and
    /// has said so ("listening on ...").
    /// </summary>
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

    /// <summary>Files still in the temporary folder (none once every C-STORE has been answered).</summary>
    public string[] IncomingFiles() => Directory.Exists(IncomingDirectory) ? Directory.GetFiles(IncomingDirectory) : [];

    public void Dispose() => Process.Dispose();
}
