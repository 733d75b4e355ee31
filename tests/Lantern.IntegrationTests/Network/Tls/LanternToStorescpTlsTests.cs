using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;
using static Lantern.IntegrationTests.Network.Tls.TlsPeers;

namespace Lantern.IntegrationTests.Network.Tls;

/// <summary>
/// DICOM TLS (PS3.15 B.1) with <c>lantern send</c> / <c>lantern echo --tls</c> as the client and
/// DCMTK 3.6.7's <c>storescp +tls</c> as the SCP, on loopback: both protocol versions, the server
/// checked against the CA given with <c>--tls-trust</c> (under either of the names in its
/// certificate) or against the system store, and a client certificate for an SCP that demands one
/// (storescp's default).
/// </summary>
public sealed class LanternToStorescpTlsTests(SeriesCache series, TestPki pki, ITestOutputHelper output) : IClassFixture<SeriesCache>, IClassFixture<TestPki>
{
    private const int SeriesSize = 5;

    [Theory]
    [InlineData("TLSv1.2")]
    [InlineData("TLSv1.3")]
    public async Task Send_TlsWithClientCertificate_AllInstancesArriveOverThatProtocol(string protocol)
    {
        using var directory = new TempDirectory("tls-send");
        var received = directory.Subdirectory("received");
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        var port = FreePort.Next();
        using var storescp = await StartStorescpAsync(pki, port, received, protocol);

        var send = await LanternCli.RunAsync(
            ["send", "--host", Loopback, "--port", Text(port), "--called", StorescpAeTitle, "--tls", "--tls-trust", pki.CaCertificate, "--tls-cert", pki.ClientPem, .. sent]);

        Assert.True(send.Succeeded, send + "\nstorescp:\n" + storescp.Output);
        Assert.Equal(await SopInstanceUidsAsync(sent), StoredByStorescp(received));
        await storescp.WaitForOutputAsync($"Protocol    : {protocol}", LogTimeout);
        output.WriteLine($"lantern send {protocol} -> storescp, {SeriesSize} instances: {send.Elapsed.TotalMilliseconds:F0} ms (process included)");
    }

    /// <summary>Regression: <c>--tls-trust</c> read its file as certificate plus private key, so a CA certificate alone (the normal case) crashed the command.</summary>
    [Theory]
    [InlineData(Loopback)]
    [InlineData("localhost")]
    public async Task Echo_TlsTrustingCaCertificateFile_SucceedsUnderEitherNameInServerCertificate(string host)
    {
        using var directory = new TempDirectory("tls-echo");
        var port = FreePort.Next();
        using var storescp = await StartStorescpAsync(pki, port, directory.Subdirectory("received"), extraArguments: ["-ic"]);

        var echo = await LanternCli.RunAsync(["echo", "--host", host, "--port", Text(port), "--called", StorescpAeTitle, "--tls", "--tls-trust", pki.CaCertificate]);

        Assert.True(echo.Succeeded, echo + "\nstorescp:\n" + storescp.Output);
        Assert.Contains("C-ECHO STORESCP@" + host, echo.StandardOutput, StringComparison.Ordinal);
        await storescp.WaitForOutputAsync("Received Echo Request", LogTimeout);
    }

    [Fact]
    public async Task Echo_ServerCertificateNotInSystemStore_FailsWithHandshakeErrorAndStorescpServesNext()
    {
        using var directory = new TempDirectory("tls-untrusted");
        var port = FreePort.Next();
        using var storescp = await StartStorescpAsync(pki, port, directory.Subdirectory("received"), extraArguments: ["-ic"]);
        string[] echo = ["echo", "--host", Loopback, "--port", Text(port), "--called", StorescpAeTitle, "--tls"];

        var untrusted = await LanternCli.RunAsync(echo);
        var trusted = await LanternCli.RunAsync([.. echo, "--tls-trust", pki.CaCertificate]);

        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains("TLS handshake failed", untrusted.StandardError, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", untrusted.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", untrusted.Output, StringComparison.Ordinal);
        Assert.True(trusted.Succeeded, trusted + "\nstorescp:\n" + storescp.Output);
    }

    /// <summary>
    /// storescp demands a client certificate by default (<c>-rc</c>): without <c>--tls-cert</c> lantern is
    /// refused, with it accepted. Under TLS 1.3 the refusal comes after our handshake has finished, as a
    /// closed connection; the reason printed still points at the client certificate.
    /// </summary>
    [Theory]
    [InlineData("TLSv1.2")]
    [InlineData("TLSv1.3")]
    public async Task Echo_StorescpDemandingClientCertificate_RefusedWithoutOneAcceptedWithIt(string protocol)
    {
        using var directory = new TempDirectory("tls-client-cert");
        var port = FreePort.Next();
        using var storescp = await StartStorescpAsync(pki, port, directory.Subdirectory("received"), protocol);
        string[] echo = ["echo", "--host", Loopback, "--port", Text(port), "--called", StorescpAeTitle, "--tls", "--tls-trust", pki.CaCertificate];

        var without = await LanternCli.RunAsync(echo);
        await storescp.WaitForOutputAsync("peer did not return a certificate", LogTimeout);
        var with = await LanternCli.RunAsync([.. echo, "--tls-cert", pki.ClientPem]);

        Assert.Equal(1, without.ExitCode);
        Assert.DoesNotContain("Unhandled exception", without.Output, StringComparison.Ordinal);
        Assert.True(without.StandardError.Contains("certificate", StringComparison.OrdinalIgnoreCase), without.StandardError);
        output.WriteLine($"{protocol}, no client certificate: {without.StandardError.Trim()}");
        Assert.True(with.Succeeded, with + "\nstorescp:\n" + storescp.Output);
        await storescp.WaitForOutputAsync("Received Echo Request", LogTimeout);
    }
}
