using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lantern.Dicom.Network.Scp;

/// <summary>
/// DICOM TLS for an SCP (PS3.15 B.1): TLS 1.2 or 1.3 with a server certificate (and the chain to send
/// with it), optionally demanding one from clients, checked against the system trust store or against
/// the given certification authorities.
/// </summary>
public sealed class DicomServerTls
{
    private readonly SslStreamCertificateContext _context;
    private readonly X509ChainPolicy? _clientChainPolicy;

    /// <param name="certificate">The server certificate, with its private key.</param>
    /// <param name="requireClientCertificate">Demand a client certificate that chains to a trusted root.</param>
    /// <param name="chain">Intermediate certificates to send with <paramref name="certificate"/>.</param>
    /// <param name="clientCertificateAuthorities">When given, client certificates must chain to one of these instead of the system store (implies <paramref name="requireClientCertificate"/>).</param>
    public DicomServerTls(
        X509Certificate2 certificate,
        bool requireClientCertificate = false,
        X509Certificate2Collection? chain = null,
        X509Certificate2Collection? clientCertificateAuthorities = null)
    {
        Certificate = certificate;
        RequireClientCertificate = requireClientCertificate || clientCertificateAuthorities is { Count: > 0 };

        // Built once, with the chain as given: left to itself the platform sends only the intermediates it
        // finds in this machine's stores, and a client that trusts only the root cannot build the path.
        _context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
        if (clientCertificateAuthorities is { Count: > 0 })
        {
            _clientChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            _clientChainPolicy.CustomTrustStore.AddRange(clientCertificateAuthorities);
        }
    }

    public X509Certificate2 Certificate { get; }

    public bool RequireClientCertificate { get; }

    /// <summary>
    /// Loads a PFX (optionally with a password) or a PEM file holding the certificate, its private key
    /// and optionally its chain; and, when <paramref name="clientCertificateAuthoritiesPath"/> is given,
    /// the PEM certificates client certificates must chain to.
    /// </summary>
    public static DicomServerTls Load(string path, string? password = null, bool requireClientCertificate = false, string? clientCertificateAuthoritiesPath = null)
    {
        var (certificate, chain) = LoadCertificateWithKey(path, password);
        X509Certificate2Collection? authorities = null;
        if (clientCertificateAuthoritiesPath is not null)
        {
            authorities = [];
            authorities.ImportFromPemFile(clientCertificateAuthoritiesPath);
            if (authorities.Count == 0)
            {
                throw new CryptographicException($"{clientCertificateAuthoritiesPath} holds no PEM certificate");
            }
        }

        return new DicomServerTls(certificate, requireClientCertificate, chain, authorities);
    }

    /// <summary>
    /// A certificate with its private key from a PEM file (told by its content, whatever its name:
    /// the first certificate, matching the key; any further certificates are its chain) or a PFX.
    /// </summary>
    internal static (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadCertificateWithKey(string path, string? password)
    {
        X509Certificate2 certificate;
        X509Certificate2Collection all;
        try
        {
            if (File.ReadAllBytes(path).AsSpan().IndexOf("-----BEGIN "u8) >= 0)
            {
                certificate = X509Certificate2.CreateFromPemFile(path);
                all = [];
                all.ImportFromPemFile(path);
            }
            else
            {
                all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
                certificate = all.FirstOrDefault(c => c.HasPrivateKey)
                    ?? throw new CryptographicException("no certificate in it has a private key");
            }
        }
        catch (CryptographicException e)
        {
            // The platform's message names neither the file nor what it should hold.
            throw new CryptographicException($"{path}: needs a certificate and its private key (PEM, or PFX): {e.Message}", e);
        }

        return (certificate, [.. all.Where(c => c.Thumbprint != certificate.Thumbprint)]);
    }

    internal async Task<Stream> AuthenticateAsync(Stream transport, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var rejected = SslPolicyErrors.None;
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = _context,
                ClientCertificateRequired = RequireClientCertificate,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateChainPolicy = _clientChainPolicy,

                // A client certificate is checked against the machine's trust store (a hospital installs its CA
                // there) or the given authorities; unless one is required, a client may present none.
                RemoteCertificateValidationCallback = (_, _, _, errors) =>
                {
                    var accepted = errors == SslPolicyErrors.None || (!RequireClientCertificate && errors == SslPolicyErrors.RemoteCertificateNotAvailable);
                    rejected = accepted ? SslPolicyErrors.None : errors;
                    return accepted;
                },
            }, deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);

            // "Authentication failed, see inner exception" tells the log nothing: say why (OpenSSL's reason is innermost).
            var why = rejected != SslPolicyErrors.None ? $"client certificate refused ({rejected})" : e.GetBaseException().Message;
            throw new AuthenticationException($"TLS handshake failed: {why}", e);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
