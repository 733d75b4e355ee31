using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// A private Orthanc (the PACS in tests; <c>apt-get install orthanc</c>, <c>./test.sh</c> does it):
/// its own configuration, storage and index in a temp directory, DICOM and HTTP on free loopback
/// ports (never the system service's 4242/8042; the system service is never used), REST without
/// authentication on 127.0.0.1 only. Started with <c>TCP_NODELAY=1</c> (see <see cref="PeerProcess"/>);
/// killed, and its directory deleted, on <see cref="Dispose"/>.
/// </summary>
internal sealed class Orthanc : IDisposable
{
    public const string DefaultAeTitle = "ORTHANC";

    /// <summary>How long Orthanc may take to answer <c>GET /system</c> (it takes about 0.1 s).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
    private static readonly string[] s_executables = ["Orthanc", "/usr/sbin/Orthanc", "/usr/local/sbin/Orthanc"];

    private readonly TempDirectory _directory;
    private readonly PeerProcess _process;

    private Orthanc(TempDirectory directory, PeerProcess process, string aeTitle, int dicomPort, int httpPort)
    {
        _directory = directory;
        _process = process;
        AeTitle = aeTitle;
        DicomPort = dicomPort;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string AeTitle { get; }

    /// <summary>Orthanc's DICOM port on 127.0.0.1 (C-STORE to it as <see cref="AeTitle"/>; any calling AE may store).</summary>
    public int DicomPort { get; }

    public int HttpPort { get; }

    /// <summary>A client for Orthanc's REST API (base address <c>http://127.0.0.1:HttpPort/</c>), for calls the helpers here do not cover.</summary>
    public HttpClient Http { get; }

    /// <summary>Orthanc's log so far (its warnings go to standard error), for failure messages.</summary>
    public string Log => _process.Output;

    /// <summary>
    /// Starts Orthanc and returns once it listens on both ports and <c>GET /system</c> answers.
    /// <paramref name="modalities"/> become its "DicomModalities" (name → peer), the targets of
    /// <see cref="StoreToModalityAsync"/>. <paramref name="configure"/> may change the configuration
    /// before it is written (e.g. <c>"DicomScuPreferredTransferSyntax"</c>, <c>"MaximumPduLength"</c>;
    /// not the ports or directories, which this class reports and cleans up).
    /// </summary>
    public static async Task<Orthanc> StartAsync(
        IReadOnlyDictionary<string, OrthancModality>? modalities = null,
        string aeTitle = DefaultAeTitle,
        Action<JsonObject>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var directory = new TempDirectory("orthanc");
        Orthanc? orthanc = null;
        try
        {
            var dicomPort = FreePort.Next();
            var httpPort = FreePort.Next();
            var configuration = Configuration(directory, aeTitle, dicomPort, httpPort, modalities ?? new Dictionary<string, OrthancModality>());
            configure?.Invoke(configuration);
            var configurationPath = System.IO.Path.Combine(directory.Path, "orthanc.json");
            await File.WriteAllTextAsync(configurationPath, configuration.ToJsonString(s_indented), cancellationToken);

            orthanc = new Orthanc(directory, PeerProcess.Start(FindExecutable(), [configurationPath]), aeTitle, dicomPort, httpPort);
            await orthanc.WaitUntilReadyAsync(cancellationToken);
            return orthanc;
        }
        catch
        {
            if (orthanc is null)
            {
                directory.Dispose();
            }
            else
            {
                orthanc.Dispose();
            }

            throw;
        }
    }

    /// <summary>The Orthanc IDs of every stored instance (<c>GET /instances</c>).</summary>
    public async Task<IReadOnlyList<string>> GetInstanceIdsAsync(CancellationToken cancellationToken = default) =>
        await Http.GetFromJsonAsync<string[]>("instances", cancellationToken) ?? [];

    /// <summary>How many instances Orthanc has stored (the length of <c>GET /instances</c>).</summary>
    public async Task<int> GetInstanceCountAsync(CancellationToken cancellationToken = default) =>
        (await GetInstanceIdsAsync(cancellationToken)).Count;

    /// <summary>Stores <paramref name="file"/> through REST (<c>POST /instances</c>) and returns its Orthanc ID.</summary>
    public async Task<string> UploadAsync(string file, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await Http.PostAsync("instances", content, cancellationToken);
        var json = await EnsureSuccessAsync(response, $"POST /instances {file}", cancellationToken);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("ID").GetString()
            ?? throw new InvalidOperationException($"Orthanc answered POST /instances without an ID: {json}");
    }

    /// <summary>
    /// Sends <paramref name="resourceIds"/> (instances, series, studies or patients) to the peer
    /// <paramref name="modality"/> by C-STORE (<c>POST /modalities/{name}/store</c>, synchronous: it
    /// returns when the association is done). Throws when Orthanc answers with an HTTP error (peer
    /// unreachable, association rejected); refused instances are counted in the result.
    /// </summary>
    public async Task<OrthancStoreResult> StoreToModalityAsync(string modality, IEnumerable<string> resourceIds, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["Resources"] = new JsonArray([.. resourceIds.Select(id => JsonValue.Create(id))]),
            ["Synchronous"] = true,
        };
        var uri = $"modalities/{Uri.EscapeDataString(modality)}/store";
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(uri, content, cancellationToken);
        var json = await EnsureSuccessAsync(response, $"POST /{uri}", cancellationToken);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new OrthancStoreResult(root.GetProperty("InstancesCount").GetInt32(), root.GetProperty("FailedInstancesCount").GetInt32(), json);
    }

    public void Dispose()
    {
        Http.Dispose();
        _process.Dispose();
        _directory.Dispose();
    }

    private static JsonObject Configuration(TempDirectory directory, string aeTitle, int dicomPort, int httpPort, IReadOnlyDictionary<string, OrthancModality> modalities)
    {
        var peers = new JsonObject();
        foreach (var (name, peer) in modalities)
        {
            peers[name] = new JsonArray(peer.AeTitle, peer.Host, peer.Port);
        }

#pragma warning disable CA1507 // These are Orthanc's configuration keys; that two match our property names is a coincidence.
        return new JsonObject
        {
            ["Name"] = "lantern-test",
            ["StorageDirectory"] = directory.Subdirectory("storage"),
            ["IndexDirectory"] = directory.Subdirectory("index"),
            ["DicomAet"] = aeTitle,
            ["DicomPort"] = dicomPort,
            ["HttpPort"] = httpPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomModalities"] = peers,
            // Release an association as soon as a store is done (default: held 5 s for reuse), so that a
            // peer that serves one association at a time (storescp) is free for the next sender at once.
            ["DicomAssociationCloseDelay"] = 0,
            // No fsync per received file, no job journal: a test's Orthanc lives for seconds.
            ["SyncStorageArea"] = false,
            ["SaveJobs"] = false,
            ["Plugins"] = new JsonArray(),
            ["LuaScripts"] = new JsonArray(),
        };
#pragma warning restore CA1507
    }

    private static string FindExecutable()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in s_executables)
        {
            if (System.IO.Path.IsPathRooted(name))
            {
                if (File.Exists(name))
                {
                    return name;
                }

                continue;
            }

            // Debian puts Orthanc in /usr/sbin, which is not on an ordinary user's PATH.
            var found = path.Select(directory => System.IO.Path.Combine(directory, name)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        throw new InvalidOperationException("Orthanc is not installed (looked on PATH and in /usr/sbin); ./test.sh installs it (apt-get install orthanc).");
    }

    private static async Task<string> EnsureSuccessAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Orthanc answered {request} with {(int)response.StatusCode} {response.ReasonPhrase}: {body}", inner: null, response.StatusCode);
        }

        return body;
    }

    /// <summary>Both ports held by this Orthanc (not by some other process), then <c>GET /system</c> answered.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await ListeningPort.WaitAsync(_process, DicomPort, StartTimeout, cancellationToken);
        await ListeningPort.WaitAsync(_process, HttpPort, StartTimeout, cancellationToken);
        using var timer = new PeriodicTimer(s_pollInterval);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"`{_process.CommandLine}` exited with {_process.ExitCode} before answering GET /system. Its log:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync("system", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(started) > StartTimeout)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Orthanc did not answer GET /system on port {HttpPort} within {StartTimeout.TotalSeconds:F0} s. Its log:\n{Log}"));
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
