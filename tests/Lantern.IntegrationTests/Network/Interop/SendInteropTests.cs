using System.Globalization;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// <c>lantern send</c> → DCMTK <c>storescp</c> and → Orthanc, over one and over four parallel
/// associations; and Orthanc → <c>lantern listen</c> through Orthanc's <c>POST /modalities/{name}/store</c>.
/// </summary>
public sealed class SendInteropTests(SeriesCache series, ITestOutputHelper output) : IClassFixture<SeriesCache>
{
    private const int SeriesSize = 40;
    private const string Loopback = "127.0.0.1";
    private const string StorescpAeTitle = "STORESCP";
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With four associations storescp runs <c>--fork</c> (a child per association), so that they
    /// really are open at once; with one it serves the association itself.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task LanternSend_SeriesToStorescp_EveryInstanceArrivesUnchanged(int associations)
    {
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        using var directory = new TempDirectory("send-storescp");
        var received = directory.Subdirectory("received");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, received, StorescpAeTitle, associations > 1 ? ["--fork"] : null);

        var send = await SendAsync(port, StorescpAeTitle, associations, [Path.GetDirectoryName(sent[0])!]);

        Assert.True(send.Succeeded, send.ToString());
        Assert.Contains($"sent {SeriesSize} of {SeriesSize} instance(s) to {StorescpAeTitle}@{Loopback}:{port}", send.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, send.StandardError);
        var files = Directory.GetFiles(received);
        Assert.Equal(SeriesSize, files.Length);
        var dumped = await DcmdumpReport.ReadAsync(files);
        Assert.All(dumped.Values, instance => Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, instance.TransferSyntaxUid));
        Assert.All(dumped.Values, instance => Assert.True(instance.HasPixelData, instance.Path));
        foreach (var source in sent)
        {
            var uid = StorescuToListenTests.SopInstanceUid(source);
            InstanceComparison.AssertSameDataset(source, Path.Combine(received, "CT." + uid));
        }

        await storescp.WaitForOutputAsync("Association Release", s_logTimeout);
        output.WriteLine($"lantern send --associations {associations} -> storescp, {SeriesSize} instances: {send.Elapsed.TotalSeconds:F2} s");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task LanternSend_SeriesToOrthanc_OrthancCountsEveryInstance(int associations)
    {
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        using var orthanc = await Orthanc.StartAsync();

        var send = await SendAsync(orthanc.DicomPort, orthanc.AeTitle, associations, sent);

        Assert.True(send.Succeeded, send.ToString());
        Assert.Contains($"sent {SeriesSize} of {SeriesSize} instance(s)", send.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(SeriesSize, await orthanc.GetInstanceCountAsync());
        output.WriteLine($"lantern send --associations {associations} -> Orthanc, {SeriesSize} instances: {send.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Orthanc_StoreToLanternListen_EveryInstanceStoredUnchanged()
    {
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        using var directory = new TempDirectory("orthanc-listen");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"));
        using var orthanc = await Orthanc.StartAsync(new Dictionary<string, OrthancModality>
        {
            ["lantern"] = OrthancModality.Loopback(listener.AeTitle, listener.Port),
        });
        var ids = new List<string>();
        foreach (var file in sent)
        {
            ids.Add(await orthanc.UploadAsync(file));
        }

        var result = await orthanc.StoreToModalityAsync("lantern", ids);

        Assert.True(result.InstancesCount == SeriesSize && result.FailedInstancesCount == 0, result.Json);
        var stored = listener.StoredFiles();
        Assert.Equal(SeriesSize, stored.Length);
        Assert.Empty(listener.IncomingFiles());
        var dumped = await DcmdumpReport.ReadAsync(stored);
        foreach (var instance in dumped.Values)
        {
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, instance.TransferSyntaxUid);
            Assert.Equal(orthanc.AeTitle, instance.SourceAeTitle);
            Assert.True(instance.HasPixelData, instance.Path);
        }

        foreach (var source in sent)
        {
            InstanceComparison.AssertSameDataset(source, Path.Combine(listener.OutputDirectory, StorescuToListenTests.SopInstanceUid(source) + ".dcm"));
        }

        await listener.Process.WaitForOutputAsync($"Association with {orthanc.AeTitle} released after {SeriesSize} instance(s)", s_logTimeout);
    }

    private static Task<ToolResult> SendAsync(int port, string calledAeTitle, int associations, IEnumerable<string> paths) =>
        LanternCli.RunAsync(
        [
            "send", "--host", Loopback, "--port", port.ToString(CultureInfo.InvariantCulture), "--called", calledAeTitle, "--calling", "LANTERNSCU",
            "--associations", associations.ToString(CultureInfo.InvariantCulture), .. paths,
        ]);
}
