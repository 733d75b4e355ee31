using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Lantern.Dicom.Network.Scp;

/// <summary>DICOM TLS for an SCP (PS3.15 B.1): TLS 1.2 or 1.3 with a server certificate, optionally demanding one from clients.</summary>
public sealed class DicomServerTls(X509Certificate2 certificate, bool requireClientCertificate = false)
{
    public X509Certificate2 Certificate { get; } = certificate;

    public bool RequireClientCertificate { get; } = requireClientCertificate;

    /// <summary>Loads a PFX (optionally with a password) or a PEM file holding the certificate and its private key.</summary>
    public static DicomServerTls Load(string path, string? password = null, bool requireClientCertificate = false)
    {
        var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, password);
        return new DicomServerTls(certificate, requireClientCertificate);
    }

    internal async Task<Stream> AuthenticateAsync(Stream transport, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = Certificate,
            ClientCertificateRequired = RequireClientCertificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // A client certificate is checked against the machine's trust store (a hospital installs its CA there);
            // unless one is required, a client may present none.
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
                errors == SslPolicyErrors.None || (!RequireClientCertificate && errors == SslPolicyErrors.RemoteCertificateNotAvailable),
        }, deadline.Token).ConfigureAwait(false);
        return ssl;
    }
}
