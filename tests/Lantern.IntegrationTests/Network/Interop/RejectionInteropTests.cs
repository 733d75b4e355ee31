using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// <c>lantern listen</c>'s association policies as DCMTK sees them: each refusal is an A-ASSOCIATE-RJ
/// whose result, source and reason echoscu/storescu print in their own words (DCMTK 3.6.7's
/// <c>ASC_printRejectParameters</c>: "Rejected Permanent", "Called AE Title Not Recognized", ...).
/// </summary>
public sealed class RejectionInteropTests(SeriesCache series) : IClassFixture<SeriesCache>
{
    private const string Loopback = "127.0.0.1";
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Echoscu_WrongCalledAe_RejectedPermanentCalledAeTitleNotRecognized()
    {
        using var directory = new TempDirectory("reject-called");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"));

        var echo = await Dcmtk.RunEchoscuAsync(Loopback, listener.Port, "NOT-LANTERN", "ECHOSCU");

        Assert.False(echo.Succeeded, echo.ToString());
        Assert.Contains("Association Rejected", echo.StandardError, StringComparison.Ordinal);
        Assert.Contains("Result: Rejected Permanent, Source: Service User", echo.StandardError, StringComparison.Ordinal);
        Assert.Contains("Reason: Called AE Title Not Recognized", echo.StandardError, StringComparison.Ordinal);
        await listener.Process.WaitForOutputAsync("Association rejected: ECHOSCU -> NOT-LANTERN", s_logTimeout);

        // The same listener still serves the right called AE.
        var good = await Dcmtk.RunEchoscuAsync(Loopback, listener.Port, listener.AeTitle, "ECHOSCU");
        Assert.True(good.Succeeded, good.ToString());
    }

    [Fact]
    public async Task EchoscuAndStorescu_CallingAeNotAllowed_RejectedPermanentCallingAeTitleNotRecognized()
    {
        var files = series.Get(3, TransferSyntax.ExplicitVRLittleEndian);
        using var directory = new TempDirectory("reject-calling");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"), extraArguments: ["--allow", "GOODSCU,OTHERSCU"]);

        var echo = await Dcmtk.RunEchoscuAsync(Loopback, listener.Port, listener.AeTitle, "BADSCU");
        var store = await Dcmtk.RunStorescuAsync(Loopback, listener.Port, listener.AeTitle, files, "-xe", "BADSCU");

        foreach (var refused in new[] { echo, store })
        {
            Assert.False(refused.Succeeded, refused.ToString());
            Assert.Contains("Result: Rejected Permanent, Source: Service User", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("Reason: Calling AE Title Not Recognized", refused.StandardError, StringComparison.Ordinal);
        }

        Assert.Empty(listener.StoredFiles());
        Assert.Empty(listener.IncomingFiles());

        // An allowed calling AE associates and stores.
        var allowed = await Dcmtk.RunStorescuAsync(Loopback, listener.Port, listener.AeTitle, files, "-xe", "OTHERSCU");
        Assert.True(allowed.Succeeded, allowed.ToString());
        Assert.Equal(files.Count, listener.StoredFiles().Length);
    }

    [Fact]
    public async Task EchoscuAndStorescu_OverAssociationLimit_RejectedTransientTemporaryCongestion()
    {
        var files = series.Get(3, TransferSyntax.ExplicitVRLittleEndian);
        using var directory = new TempDirectory("reject-limit");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"), extraArguments: ["--max-associations", "1"]);
        await using var held = await RawAssociation.OpenAsync(listener.Port, listener.AeTitle, "HOLDER");
        Assert.Equal(0x02, held.AnswerType); // A-ASSOCIATE-AC: the one slot is taken

        var echo = await Dcmtk.RunEchoscuAsync(Loopback, listener.Port, listener.AeTitle, "ECHOSCU");
        var store = await Dcmtk.RunStorescuAsync(Loopback, listener.Port, listener.AeTitle, files, "-xe", "STORESCU");

        foreach (var refused in new[] { echo, store })
        {
            Assert.False(refused.Succeeded, refused.ToString());
            Assert.Contains("Result: Rejected Transient, Source: Service Provider (Presentation Related)", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("Reason: Temporary Congestion", refused.StandardError, StringComparison.Ordinal);
        }

        Assert.Empty(listener.StoredFiles());

        // The association that held the slot is untouched by the refusals and releases normally.
        Assert.Equal(0x06, await held.ReleaseAsync()); // A-RELEASE-RP
        await listener.Process.WaitForOutputAsync("Association with HOLDER released after 0 instance(s)", s_logTimeout);
    }
}
