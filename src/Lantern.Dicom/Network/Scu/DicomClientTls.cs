using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lantern.Dicom.Network.Scu;

/// <summary>
/// DICOM TLS for an SCU: TLS 1.2 or 1.3; the server is checked against the system's trust store,
/// or against one trusted certificate (a hospital's own CA, or a peer's self-signed certificate).
/// </summary>
public sealed class DicomClientTls(X509Certificate2? trustedCertificate = null, X509Certificate2? clientCertificate = null)
{
    public X509Certificate2? TrustedCertificate { get; } = trustedCertificate;

    public X509Certificate2? ClientCertificate { get; } = clientCertificate;

    /// <summary>
    /// Reads the certificate to trust (PEM or DER; <see langword="null"/>: the system store) and our own
    /// certificate with its key (PEM or PFX, as for <see cref="Scp.DicomServerTls.Load"/>; <see langword="null"/>: none).
    /// </summary>
    public static DicomClientTls Load(string? trustedCertificatePath, string? clientCertificatePath = null, string? password = null) =>
        new(
            trustedCertificatePath is null ? null : LoadTrusted(trustedCertificatePath),
            clientCertificatePath is null ? null : Scp.DicomServerTls.LoadCertificateWithKey(clientCertificatePath, password).Certificate);

    private static X509Certificate2 LoadTrusted(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"{path}: needs a certificate (PEM or DER): {e.Message}", e);
        }
    }

    internal async Task<Stream> AuthenticateAsync(Stream transport, string host, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificates = ClientCertificate is null ? null : [ClientCertificate],
        };
        if (TrustedCertificate is { } trusted)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { trusted },
                RevocationMode = X509RevocationMode.NoCheck,
            };

            // The pinned certificate itself is the trust: its name need not match how we reached it.
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString());
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);

            // OpenSSL's reason is innermost; an alert means the peer ended the handshake, most often a peer
            // that demands a client certificate (TLS 1.2 refuses it here, TLS 1.3 only after the handshake).
            var why = e.GetBaseException().Message;
            var hint = ClientCertificate is null && why.Contains("alert", StringComparison.OrdinalIgnoreCase)
                ? "; the peer may demand a client certificate (--tls-cert)"
                : string.Empty;
            throw new AuthenticationException($"TLS handshake failed: {why}{hint}", e);
        }
        catch
        {
            // The caller holds only the stream it gets back: close the connection here.
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
