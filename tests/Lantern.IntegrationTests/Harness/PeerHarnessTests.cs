using System.Text.RegularExpressions;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Harness;

/// <summary>
/// The harness against the real peers, on loopback: the patterns the networking tests use with
/// <c>lantern listen</c> / <c>lantern send</c> in place of one of the peers. Each test has its own
/// ports, directories and peer processes, so test classes may run in parallel; the generated series
/// are shared (<see cref="SeriesCache"/>).
/// </summary>
public sealed partial class PeerHarnessTests(SeriesCache series, ITestOutputHelper output) : IClassFixture<SeriesCache>
{
    private const int SeriesSize = 20;
    private const string Loopback = "127.0.0.1";
    private const string StorescpAeTitle = "STORESCP";
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Echoscu_ToStorescp_Succeeds()
    {
        using var directory = new TempDirectory("echo");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, directory.Subdirectory("received"), StorescpAeTitle);

        var echo = await Dcmtk.RunEchoscuAsync(Loopback, port, StorescpAeTitle);

        Assert.True(echo.Succeeded, echo.ToString());
        Assert.Contains("Received Echo Response (Success)", echo.Output, StringComparison.Ordinal);
        await storescp.WaitForOutputAsync("Received Echo Request", s_logTimeout);
        output.WriteLine($"echoscu: {echo.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Peers_StartedByHarness_RunWithNagleOff()
    {
        using var directory = new TempDirectory("nodelay");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, directory.Subdirectory("received"), StorescpAeTitle, ["--debug"]);

        var echo = await Dcmtk.RunEchoscuAsync(Loopback, port, StorescpAeTitle);

        Assert.True(echo.Succeeded, echo.ToString());
        await storescp.WaitForOutputAsync("disabling Nagle algorithm as requested at runtime (TCP_NODELAY=1)", s_logTimeout);
    }

    [Theory]
    [InlineData("-xi")]
    [InlineData("-xe")]
    [InlineData("-xb")]
    public async Task Storescu_SeriesInEachUncompressedSyntax_AllArriveInThatSyntaxAndDcmdumpReadsThem(string proposal)
    {
        var syntax = SyntaxOf(proposal);
        using var directory = new TempDirectory("storescu");
        var sent = series.Get(SeriesSize, syntax);
        var received = directory.Subdirectory("received");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, received, StorescpAeTitle, [Dcmtk.StorescpPreferenceOption(syntax)]);

        var send = await Dcmtk.RunStorescuAsync(Loopback, port, StorescpAeTitle, sent, proposal);

        Assert.True(send.Succeeded, send.ToString());
        var files = Directory.GetFiles(received);
        Assert.Equal(SeriesSize, files.Length);
        var dump = await Dcmtk.DcmdumpAsync(files, ["-Un"]);
        Assert.True(dump.Succeeded, dump.ToString());
        Assert.Equal(await SopInstanceUidsAsync(sent), SopInstanceUids(dump.StandardOutput));
        Assert.Equal(Enumerable.Repeat(syntax.Uid, SeriesSize), TransferSyntaxUids(dump.StandardOutput));
        Assert.Equal(SeriesSize, PixelDataLine().Count(dump.StandardOutput));
        output.WriteLine($"storescu {proposal}, {SeriesSize} instances: {send.Elapsed.TotalMilliseconds:F0} ms; dcmdump: {dump.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Orthanc_StorescuSendsSeries_RestCountsEveryInstance()
    {
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        using var orthanc = await Orthanc.StartAsync();

        var send = await Dcmtk.RunStorescuAsync(Loopback, orthanc.DicomPort, orthanc.AeTitle, sent, "-xe");

        Assert.True(send.Succeeded, send.ToString());
        Assert.Equal(SeriesSize, await orthanc.GetInstanceCountAsync());
        output.WriteLine($"storescu -> Orthanc, {SeriesSize} instances: {send.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Orthanc_StoreToModality_StorescpReceivesEveryInstance()
    {
        using var directory = new TempDirectory("from-orthanc");
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        var received = directory.Subdirectory("received");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, received, StorescpAeTitle);
        using var orthanc = await Orthanc.StartAsync(new Dictionary<string, OrthancModality>
        {
            ["storescp"] = OrthancModality.Loopback(StorescpAeTitle, port),
        });
        var ids = new List<string>();
        foreach (var file in sent)
        {
            ids.Add(await orthanc.UploadAsync(file));
        }

        var started = TimeProvider.System.GetTimestamp();
        var result = await orthanc.StoreToModalityAsync("storescp", ids);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(SeriesSize, result.InstancesCount);
        Assert.Equal(0, result.FailedInstancesCount);
        var files = Directory.GetFiles(received);
        Assert.Equal(SeriesSize, files.Length);
        var dump = await Dcmtk.DcmdumpAsync(files);
        Assert.True(dump.Succeeded, dump.ToString());
        Assert.Equal(await SopInstanceUidsAsync(sent), SopInstanceUids(dump.StandardOutput));
        output.WriteLine($"Orthanc -> storescp, {SeriesSize} instances: {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task LanternCli_DumpOfGeneratedInstance_ExitsZero()
    {
        using var directory = new TempDirectory("lantern");
        var file = CtSeries.Write(directory.Path, 1, TransferSyntax.ExplicitVRBigEndian)[0];

        var dump = await LanternCli.RunAsync(["dump", file]);

        Assert.True(dump.Succeeded, dump.ToString());
        Assert.Contains("PID-0042-7731", dump.StandardOutput, StringComparison.Ordinal);
    }

    private static TransferSyntax SyntaxOf(string proposal) => proposal switch
    {
        "-xi" => TransferSyntax.ImplicitVRLittleEndian,
        "-xe" => TransferSyntax.ExplicitVRLittleEndian,
        "-xb" => TransferSyntax.ExplicitVRBigEndian,
        _ => throw new ArgumentOutOfRangeException(nameof(proposal), proposal, "not an uncompressed storescu proposal"),
    };

    /// <summary>The SOP Instance UIDs of <paramref name="files"/>, as dcmdump reads them.</summary>
    private static async Task<SortedSet<string>> SopInstanceUidsAsync(IReadOnlyCollection<string> files)
    {
        var dump = await Dcmtk.DcmdumpAsync(files, ["+P", "0008,0018"]);
        Assert.True(dump.Succeeded, dump.ToString());
        return SopInstanceUids(dump.StandardOutput);
    }

    private static SortedSet<string> SopInstanceUids(string dump) =>
        new(SopInstanceUidLine().Matches(dump).Select(match => match.Groups[1].Value), StringComparer.Ordinal);

    private static IEnumerable<string> TransferSyntaxUids(string dump) =>
        TransferSyntaxUidLine().Matches(dump).Select(match => match.Groups[1].Value);

    [GeneratedRegex(@"^\(0008,0018\) UI \[([0-9.]+)\]", RegexOptions.Multiline)]
    private static partial Regex SopInstanceUidLine();

    [GeneratedRegex(@"^\(0002,0010\) UI \[?=?([0-9.]+)\]?", RegexOptions.Multiline)]
    private static partial Regex TransferSyntaxUidLine();

    [GeneratedRegex(@"^\(7fe0,0010\) OW ", RegexOptions.Multiline)]
    private static partial Regex PixelDataLine();
}
