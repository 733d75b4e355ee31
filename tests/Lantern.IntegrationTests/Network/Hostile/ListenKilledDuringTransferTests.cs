using System.Globalization;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// <c>kill -9</c> of <c>lantern listen</c> while storescu sends a series. The contract of
/// <c>IncomingInstanceFile</c>: an instance is visible as received (<c>UID.dcm</c>) only once it is
/// whole and durable, and that comes before its success status. So after the crash:
/// <list type="bullet">
/// <item>every instance storescu saw 0000 for is there, whole and readable;</item>
/// <item>no other instance is visible, except possibly the one in flight at the kill: it may have been
/// committed with its status lost on the way, and then it too must be whole;</item>
/// <item>the half-received data set is at most a file in <c>.incoming</c>, which the restart removes;</item>
/// <item>the restarted listener on the same folder takes the whole series again.</item>
/// </list>
/// </summary>
public sealed class ListenKilledDuringTransferTests(SeriesCache series, ITestOutputHelper output) : IClassFixture<SeriesCache>
{
    private const int SeriesSize = 200;

    /// <summary>The kill comes as storescu starts this message: early, so that the series is still going when it lands.</summary>
    private const int KillAtMessage = 20;

    [Fact]
    public async Task Listen_KilledDuringStorescu_EveryAcknowledgedInstanceDurableNothingHalfWrittenVisible()
    {
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        var instances = sent.ToDictionary(path => path, SampleInstance.Read, StringComparer.Ordinal);
        using var directory = new TempDirectory("kill");
        var received = directory.Subdirectory("received");

        ToolResult firstSend;
        using (var listener = await LanternListener.StartAsync(received))
        {
            using var storescu = StartStorescu(listener.Port, sent);
            await storescu.WaitForOutputAsync($"Sending Store Request (MsgID {KillAtMessage},", Dcmtk.DefaultTimeout);
            await listener.KillAsync();
            firstSend = storescu.ToResult(await storescu.WaitForExitAsync(Dcmtk.DefaultTimeout));
        }

        Assert.False(firstSend.Succeeded, $"storescu finished despite the kill: {firstSend}");
        var log = StorescuLog.Parse(firstSend.Output);
        Assert.Empty(log.Refused);
        Assert.True(log.Succeeded.Count >= KillAtMessage - 1, firstSend.ToString());
        Assert.NotNull(log.Unanswered);

        // Before the restart: what a reader of the folder would see right after the crash.
        var visible = StoredInstanceUids(received);
        var acknowledged = log.Succeeded.Select(path => instances[path].SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        var inFlight = instances[log.Unanswered].SopInstanceUid;
        Assert.Empty(acknowledged.Except(visible));
        var unacknowledged = visible.Except(acknowledged).Where(uid => uid != inFlight).ToList();
        Assert.True(unacknowledged.Count == 0, $"visible as received without a success status: {string.Join(", ", unacknowledged)}");
        foreach (var uid in visible)
        {
            instances.Values.Single(i => i.SopInstanceUid == uid).AssertReceivedAs(Path.Combine(received, uid + ".dcm"));
        }

        var incoming = Path.Combine(received, Dicom.Network.Scp.IncomingInstanceFile.PartialFolderName);
        var partials = Directory.Exists(incoming) ? Directory.GetFiles(incoming).Length : 0;
        Assert.True(partials <= 1, $"{partials} partial files for one association");
        var others = Directory.GetFiles(received).Where(path => !path.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
        Assert.True(others.Count == 0, $"other files in the folder: {string.Join(", ", others)}");
        output.WriteLine(
            $"killed at message {KillAtMessage}: {acknowledged.Count} acknowledged, in flight {(visible.Contains(inFlight) ? "committed, status lost" : "not visible")}, {partials} partial file(s)");

        // Restart on the same folder: it sweeps .incoming and takes the whole series again.
        using (var listener = await LanternListener.StartAsync(received))
        {
            listener.AssertNoIncomingFiles();
            if (partials > 0)
            {
                await listener.Process.WaitForOutputAsync($"removed {partials} partial file(s)", Dcmtk.StartTimeout);
            }

            var secondSend = await Dcmtk.RunStorescuAsync("127.0.0.1", listener.Port, LanternListener.DefaultAeTitle, sent, "-xe");
            Assert.True(secondSend.Succeeded, secondSend.ToString());
            Assert.Equal(SeriesSize, StorescuLog.Parse(secondSend.Output).Succeeded.Count);
            Assert.Equal(instances.Values.Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal), StoredInstanceUids(received));
            listener.AssertNoIncomingFiles();
        }

        var dump = await Dcmtk.DcmdumpAsync([.. Directory.GetFiles(received, "*.dcm")], ["-q"]);
        Assert.True(dump.Succeeded, dump.ToString());
    }

    private static PeerProcess StartStorescu(int port, IReadOnlyList<string> files) =>
        PeerProcess.Start("storescu", ["-v", "-aec", LanternListener.DefaultAeTitle, "-aet", "STORESCU", "-xe", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);

    private static SortedSet<string> StoredInstanceUids(string directory) =>
        new(Directory.GetFiles(directory, "*.dcm").Select(Path.GetFileNameWithoutExtension).OfType<string>(), StringComparer.Ordinal);
}
