using System.Net.Security;
using System.Security.Authentication;
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

        await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        return ssl;
    }
}
