using System.Globalization;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>C-ECHO both ways: DCMTK <c>echoscu</c> → <c>lantern listen</c>, <c>lantern echo</c> → DCMTK <c>storescp</c>.</summary>
public sealed class EchoInteropTests
{
    private const string Loopback = "127.0.0.1";
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Echoscu_ToLantern_Succeeds()
    {
        using var directory = new TempDirectory("echoscu-listen");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"));

        var echo = await Dcmtk.RunEchoscuAsync(Loopback, listener.Port, listener.AeTitle, "ECHOSCU");

        Assert.True(echo.Succeeded, echo.ToString());
        Assert.Contains("Association Accepted", echo.StandardError, StringComparison.Ordinal);
        Assert.Contains("Received Echo Response (Success)", echo.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("E: ", echo.Output, StringComparison.Ordinal);
        await listener.Process.WaitForOutputAsync("Association accepted: ECHOSCU -> LANTERN", s_logTimeout);
        await listener.Process.WaitForOutputAsync("Association with ECHOSCU released after 0 instance(s)", s_logTimeout);
        Assert.Empty(listener.StoredFiles());
    }

    [Fact]
    public async Task LanternEcho_ToStorescp_Succeeds()
    {
        using var directory = new TempDirectory("echo-storescp");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, directory.Subdirectory("received"), "STORESCP", ["--debug"]);

        var echo = await LanternCli.RunAsync(["echo", "--host", Loopback, "--port", port.ToString(CultureInfo.InvariantCulture), "--called", "STORESCP", "--calling", "LANTERNSCU"]);

        Assert.True(echo.Succeeded, echo.ToString());
        Assert.Contains("C-ECHO STORESCP@127.0.0.1:", echo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(": success in ", echo.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, echo.StandardError);
        await storescp.WaitForOutputAsync("Received Echo Request", s_logTimeout);
        await storescp.WaitForOutputAsync("Association Release", s_logTimeout);
        Assert.Contains("Calling Application Name:    LANTERNSCU", storescp.Output, StringComparison.Ordinal);
        Assert.Contains("Their Implementation Version Name: LANTERN_0.1", storescp.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanternEcho_StorescpRefuses_ExitsNonZeroNamingTheRejection()
    {
        using var directory = new TempDirectory("echo-storescp-refuse");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, directory.Subdirectory("received"), "STORESCP", ["--refuse"]);

        var echo = await LanternCli.RunAsync(["echo", "--host", Loopback, "--port", port.ToString(CultureInfo.InvariantCulture), "--called", "STORESCP"]);

        // storescp --refuse answers A-ASSOCIATE-RJ permanent, service user, reason 1 (no reason given).
        Assert.Equal(1, echo.ExitCode);
        Assert.Contains("association rejected (Permanent, ServiceUser)", echo.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, echo.StandardOutput);
        await storescp.WaitForOutputAsync("Refusing Association (forced via command line)", s_logTimeout);
    }
}
