using System.Globalization;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// The acceptance test of robustness: while DCMTK storescu sends a series over one association, every
/// hostile peer of <see cref="HostileScenarios"/> hits the same <c>lantern listen</c>, round after
/// round, each answered as PS3.8 asks. storescu must not notice: every instance gets 0000 and is
/// stored whole, and once all connections are gone the folder holds exactly the good instances
/// and <c>.incoming</c> nothing.
/// </summary>
public sealed class HostileConcurrencyTests(SeriesCache series, ITestOutputHelper output) : IClassFixture<SeriesCache>
{
    private const int SeriesSize = 100;

    /// <summary>Rounds of every scenario at most, should storescu be slow; one round is enough to test.</summary>
    private const int MaximumRounds = 50;

    [Fact]
    public async Task Storescu_HostilePeersAtTheSameTime_StoresEveryInstance()
    {
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        // Every connection counts against --max-associations (16 by default) from its first byte: a
        // round of hostile peers and storescu together are more, and the last to come would be
        // rejected as congestion, rightly, but this test is about robustness, not the limit.
        using var host = await ListenerHost.StartAsync(["--max-associations", "64"]);
        var listener = host.Listener;
        using var storescu = PeerProcess.Start(
            "storescu",
            ["-v", "-aec", LanternListener.DefaultAeTitle, "-aet", "STORESCU", "-xe", "127.0.0.1", listener.Port.ToString(CultureInfo.InvariantCulture), .. sent]);
        await storescu.WaitForOutputAsync("Association Accepted", Dcmtk.DefaultTimeout);

        var storescuExit = storescu.WaitForExitAsync(Dcmtk.DefaultTimeout);
        var rounds = 0;
        var scenarios = new HostileScenarios(listener, host.Sample, exclusive: false).All().ToList();
        while (rounds < MaximumRounds && (rounds == 0 || !storescuExit.IsCompleted))
        {
            await Task.WhenAll(scenarios.Select(scenario => RunAsync(scenario.Name, scenario.Run)));
            rounds++;
        }

        var exitCode = await storescuExit;
        var result = storescu.ToResult(exitCode);
        Assert.True(result.Succeeded, result.ToString());
        var log = StorescuLog.Parse(result.Output);
        Assert.Equal(SeriesSize, log.Succeeded.Count);
        Assert.Empty(log.Refused);

        var expected = new SortedSet<string>(sent.Select(path => SampleInstance.Read(path).SopInstanceUid), StringComparer.Ordinal) { host.Sample.SopInstanceUid };
        Assert.Equal(expected, listener.StoredInstanceUids());
        foreach (var path in sent)
        {
            var instance = SampleInstance.Read(path);
            instance.AssertReceivedAs(listener.PathOf(instance.SopInstanceUid));
        }

        var dump = await Dcmtk.DcmdumpAsync([.. Directory.GetFiles(listener.OutputDirectory, "*.dcm")], ["-q"]);
        Assert.True(dump.Succeeded, dump.ToString());

        listener.AssertNoIncomingFiles();
        Assert.Empty(listener.OtherFiles());
        Assert.False(listener.Process.HasExited, listener.Process.Output);
        output.WriteLine($"storescu, {SeriesSize} instances beside {rounds} round(s) of {scenarios.Count} hostile peers: {result.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static async Task RunAsync(string name, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"hostile peer \"{name}\": {e.Message}", e);
        }
    }
}
