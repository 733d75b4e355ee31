using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Tls;

/// <summary>
/// A throwaway PKI for the TLS tests, made with .NET's <see cref="CertificateRequest"/> (nothing to
/// install) once per test class and written as PEM files both DCMTK and lantern read: a root CA; a
/// server certificate it issued (names <c>localhost</c> and <c>127.0.0.1</c>); a second server
/// certificate issued through an intermediate CA; a client certificate from the root; and a client
/// certificate from an unrelated CA. RSA 2048 keys: DCMTK's default TLS 1.2 cipher suites (BCP 195)
/// are all RSA-authenticated, so EC keys would get no TLS 1.2 handshake from it. Keys are unencrypted
/// PKCS#8, so DCMTK never prompts for a password.
/// </summary>
public sealed class TestPki : IDisposable
{
    private static readonly Oid s_serverAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid s_clientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly TempDirectory _directory = new("tls-pki");

    // One validity for all (an issued certificate may not outlive its issuer), a day either side of
    // now: no clock skew between the processes makes one "not yet valid".
    private readonly DateTimeOffset _notBefore = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly DateTimeOffset _notAfter = DateTimeOffset.UtcNow.AddDays(1);

    public TestPki()
    {
        using var rootKey = RSA.Create(2048);
        using var root = Issue("Lantern Test Root CA", rootKey, issuer: null, authority: true);
        CaCertificate = WriteCertificate("ca.crt", root);

        using var intermediateKey = RSA.Create(2048);
        using var intermediate = Issue("Lantern Test Intermediate CA", intermediateKey, root, authority: true);

        using var serverKey = RSA.Create(2048);
        using var server = Issue("lantern-server", serverKey, root, usage: s_serverAuth);
        ServerCertificate = WriteCertificate("server.crt", server);
        ServerKey = WriteKey("server.key", serverKey);
        ServerPem = Write("server.pem", server.ExportCertificatePem(), serverKey.ExportPkcs8PrivateKeyPem());

        using var chainedKey = RSA.Create(2048);
        using var chained = Issue("lantern-server-via-intermediate", chainedKey, intermediate, usage: s_serverAuth);
        ChainedServerPem = Write("chained-server.pem", chained.ExportCertificatePem(), chainedKey.ExportPkcs8PrivateKeyPem(), intermediate.ExportCertificatePem());
        ChainedServerPfx = Path.Combine(_directory.Path, "chained-server.pfx");
        using (var intermediateOnly = X509CertificateLoader.LoadCertificate(intermediate.RawData))
        {
            File.WriteAllBytes(ChainedServerPfx, new X509Certificate2Collection { chained, intermediateOnly }.Export(X509ContentType.Pkcs12)!);
        }

        using var clientKey = RSA.Create(2048);
        using var client = Issue("lantern-client", clientKey, root, usage: s_clientAuth);
        ClientCertificate = WriteCertificate("client.crt", client);
        ClientKey = WriteKey("client.key", clientKey);
        ClientPem = Write("client.pem", client.ExportCertificatePem(), clientKey.ExportPkcs8PrivateKeyPem());

        using var strangerRootKey = RSA.Create(2048);
        using var strangerRoot = Issue("Unrelated Root CA", strangerRootKey, issuer: null, authority: true);
        using var strangerKey = RSA.Create(2048);
        using var stranger = Issue("stranger-client", strangerKey, strangerRoot, usage: s_clientAuth);
        StrangerCertificate = WriteCertificate("stranger.crt", stranger);
        StrangerKey = WriteKey("stranger.key", strangerKey);
    }

    /// <summary>The root CA (PEM): what both sides are told to trust.</summary>
    public string CaCertificate { get; }

    public string ServerCertificate { get; }

    public string ServerKey { get; }

    /// <summary>Server certificate and key in one PEM file (<c>lantern listen --tls-cert</c>).</summary>
    public string ServerPem { get; }

    /// <summary>A server certificate issued by the intermediate CA, its key, then the intermediate: the usual hospital shape.</summary>
    public string ChainedServerPem { get; }

    /// <summary>The same certificate, key and intermediate as <see cref="ChainedServerPem"/> in a PFX without password.</summary>
    public string ChainedServerPfx { get; }

    public string ClientCertificate { get; }

    public string ClientKey { get; }

    /// <summary>Client certificate and key in one PEM file (<c>lantern send --tls-cert</c>).</summary>
    public string ClientPem { get; }

    /// <summary>A client certificate from an unrelated CA (extended key usage clientAuth, otherwise valid).</summary>
    public string StrangerCertificate { get; }

    public string StrangerKey { get; }

    /// <summary>
    /// An <c>OPENSSL_CONF</c> that pins a DCMTK tool (OpenSSL 3) to <paramref name="protocol"/>
    /// (<c>TLSv1.2</c> or <c>TLSv1.3</c>): DCMTK 3.6.7 has no option for the protocol version.
    /// </summary>
    public string OpenSslConfig(string protocol)
    {
        var path = Path.Combine(_directory.Path, $"openssl-{protocol}.cnf");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, $"""
                openssl_conf = openssl_init
                [openssl_init]
                ssl_conf = ssl_section
                [ssl_section]
                system_default = system_default_section
                [system_default_section]
                MinProtocol = {protocol}
                MaxProtocol = {protocol}

                """);
        }

        return path;
    }

    public void Dispose() => _directory.Dispose();

    private X509Certificate2 Issue(string name, RSA key, X509Certificate2? issuer, bool authority = false, Oid? usage = null)
    {
        var request = new CertificateRequest($"CN={name}, O=Lantern integration tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(authority, hasPathLengthConstraint: false, 0, critical: authority));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            authority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (usage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        if (issuer is null)
        {
            return request.CreateSelfSigned(_notBefore, _notAfter);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer, _notBefore, _notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private string WriteCertificate(string name, X509Certificate2 certificate) => Write(name, certificate.ExportCertificatePem());

    private string WriteKey(string name, RSA key) => Write(name, key.ExportPkcs8PrivateKeyPem());

    private string Write(string name, params string[] pems)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, string.Join('\n', pems) + "\n");
        return path;
    }
}
