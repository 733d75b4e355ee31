using System.Net;
using System.Net.Sockets;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;
using static Lantern.IntegrationTests.Network.Tls.TlsPeers;

namespace Lantern.IntegrationTests.Network.Tls;

/// <summary>
/// DICOM TLS (PS3.15 B.1) with DCMTK 3.6.7 as the client and <c>lantern listen --tls-cert</c> as the
/// SCP, on loopback: both protocol versions, the certificate chain the SCP sends, client certificates
/// demanded and checked, and what a client without TLS gets.
/// </summary>
public sealed class DcmtkToListenTlsTests(SeriesCache series, TestPki pki, ITestOutputHelper output) : IClassFixture<SeriesCache>, IClassFixture<TestPki>
{
    private const int SeriesSize = 5;

    [Theory]
    [InlineData("TLSv1.2")]
    [InlineData("TLSv1.3")]
    public async Task Storescu_TlsWithClientCertificate_AllInstancesArriveOverThatProtocol(string protocol)
    {
        using var directory = new TempDirectory("tls-listen");
        var received = directory.Subdirectory("received");
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        var port = FreePort.Next();
        using var listen = await StartListenAsync(port, received, ["--tls-cert", pki.ServerPem]);

        var send = await RunDcmtkAsync("storescu", pki, ["-d", "-aec", LanternAeTitle, .. ClientTls(pki, ClientIdentity.Trusted), Loopback, Text(port), .. sent], protocol);

        Assert.True(send.Succeeded, send + "\nlantern listen:\n" + listen.Output);
        Assert.Equal(protocol, NegotiatedProtocol(send.Output));
        Assert.Equal(await SopInstanceUidsAsync(sent), StoredByLantern(received));
        output.WriteLine($"storescu {protocol} -> lantern listen, {SeriesSize} instances: {send.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// Regression: the SCP sent only its own certificate, never the intermediates in its PEM or PFX file
    /// (the platform sends what it finds in the machine's stores), so a client trusting only the root
    /// failed with "certificate verify failed". Hospital certificates are usually issued by an intermediate.
    /// </summary>
    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Listen_CertificateFileWithIntermediateCa_SendsChainSoClientTrustingOnlyRootConnects(string format)
    {
        using var directory = new TempDirectory("tls-chain");
        var port = FreePort.Next();
        var certificate = format == "pfx" ? pki.ChainedServerPfx : pki.ChainedServerPem;
        using var listen = await StartListenAsync(port, directory.Subdirectory("received"), ["--tls-cert", certificate]);

        var echo = await RunDcmtkAsync("echoscu", pki, ["-v", "-aec", LanternAeTitle, .. ClientTls(pki, ClientIdentity.Trusted), Loopback, Text(port)]);

        Assert.True(echo.Succeeded, echo + "\nlantern listen:\n" + listen.Output);
        Assert.Contains("Received Echo Response (Success)", echo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenWithClientCa_ClientCertificateFromThatCa_InstancesArrive()
    {
        using var directory = new TempDirectory("tls-client-ca");
        var received = directory.Subdirectory("received");
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        var port = FreePort.Next();
        using var listen = await StartListenAsync(port, received, ["--tls-cert", pki.ServerPem, "--tls-client-ca", pki.CaCertificate]);

        var send = await RunDcmtkAsync("storescu", pki, ["-v", "-aec", LanternAeTitle, .. ClientTls(pki, ClientIdentity.Trusted), Loopback, Text(port), .. sent]);

        Assert.True(send.Succeeded, send + "\nlantern listen:\n" + listen.Output);
        Assert.Equal(await SopInstanceUidsAsync(sent), StoredByLantern(received));
    }

    [Theory]
    [InlineData(ClientIdentity.Anonymous, "client certificate refused (RemoteCertificateNotAvailable)")]
    [InlineData(ClientIdentity.Stranger, "client certificate refused (RemoteCertificateChainErrors)")]
    public async Task ListenWithClientCa_ClientWithoutCertificateFromThatCa_RefusedAndNothingStored(ClientIdentity identity, string logged)
    {
        using var directory = new TempDirectory("tls-refuse");
        var received = directory.Subdirectory("received");
        var sent = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        var port = FreePort.Next();
        using var listen = await StartListenAsync(port, received, ["--tls-cert", pki.ServerPem, "--tls-client-ca", pki.CaCertificate]);

        var send = await RunDcmtkAsync("storescu", pki, ["-v", "-aec", LanternAeTitle, .. ClientTls(pki, identity), Loopback, Text(port), sent[0]]);

        Assert.False(send.Succeeded, send.ToString());
        await listen.WaitForOutputAsync(logged, LogTimeout);
        Assert.Empty(Directory.GetFiles(received));
    }

    /// <summary>Without <c>--tls-client-ca</c> a client certificate must chain to the system store, which does not hold the test CA.</summary>
    [Fact]
    public async Task ListenRequiringClientCert_CertificateFromCaNotInSystemStore_Refused()
    {
        using var directory = new TempDirectory("tls-system-store");
        var port = FreePort.Next();
        using var listen = await StartListenAsync(port, directory.Subdirectory("received"), ["--tls-cert", pki.ServerPem, "--tls-require-client-cert"]);

        var echo = await RunDcmtkAsync("echoscu", pki, ["-v", "-aec", LanternAeTitle, .. ClientTls(pki, ClientIdentity.Trusted), Loopback, Text(port)]);

        Assert.False(echo.Succeeded, echo.ToString());
        await listen.WaitForOutputAsync("client certificate refused (RemoteCertificateChainErrors)", LogTimeout);
    }

    /// <summary>
    /// A client speaking plain DICOM to the TLS port fails at once (its A-ASSOCIATE-RQ is no TLS
    /// record: the SCP closes the connection), and one that connects and says nothing holds only its
    /// own connection: the listener serves TLS clients all along.
    /// </summary>
    [Fact]
    public async Task PlainTcpClients_ToTlsListener_FailFastAndListenerKeepsServing()
    {
        using var directory = new TempDirectory("tls-plain");
        var port = FreePort.Next();
        using var listen = await StartListenAsync(port, directory.Subdirectory("received"), ["--tls-cert", pki.ServerPem]);
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, port);

        var plain = await Dcmtk.RunEchoscuAsync(Loopback, port, LanternAeTitle);
        var secure = await RunDcmtkAsync("echoscu", pki, ["-v", "-aec", LanternAeTitle, .. ClientTls(pki, ClientIdentity.Trusted), Loopback, Text(port)]);

        Assert.False(plain.Succeeded, plain.ToString());
        Assert.True(plain.Elapsed < TimeSpan.FromSeconds(5), plain.ToString());
        await listen.WaitForOutputAsync("failed: TLS handshake failed", LogTimeout);
        Assert.True(secure.Succeeded, secure + "\nlantern listen:\n" + listen.Output);
        Assert.False(listen.HasExited, listen.Output);
        output.WriteLine($"plain echoscu refused in {plain.Elapsed.TotalMilliseconds:F0} ms; TLS echoscu {secure.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// Regression: a certificate file without its private key, or a key given where a certificate
    /// belongs, ended the CLI with a stack trace. Each is a one-line reason naming the file, exit 2.
    /// </summary>
    [Fact]
    public async Task TlsFiles_CertificateWithoutKeyOrKeyAsTrust_OneLineReasonNamingFileExit2()
    {
        using var directory = new TempDirectory("tls-files");

        var listen = await LanternCli.RunAsync(["listen", "--port", Text(FreePort.Next()), "--out", directory.Subdirectory("received"), "--tls-cert", pki.ServerCertificate]);
        var echo = await LanternCli.RunAsync(["echo", "--host", Loopback, "--port", Text(FreePort.Next()), "--tls", "--tls-trust", pki.ServerKey]);

        foreach (var (result, file) in new[] { (listen, pki.ServerCertificate), (echo, pki.ServerKey) })
        {
            Assert.Equal(2, result.ExitCode);
            var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains(file, line, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", result.Output, StringComparison.Ordinal);
        }
    }
}
