namespace Lantern.IntegrationTests.Network.Tls;

/// <summary>What a DCMTK client presents in the TLS handshake (see <see cref="TlsPeers.ClientTls"/>).</summary>
public enum ClientIdentity
{
    /// <summary>No certificate (<c>+tla</c>).</summary>
    Anonymous,

    /// <summary>The client certificate issued by the test CA.</summary>
    Trusted,

    /// <summary>A client certificate from an unrelated CA.</summary>
    Stranger,
}
