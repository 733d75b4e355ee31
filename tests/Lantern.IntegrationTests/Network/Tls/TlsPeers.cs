using System.Globalization;
using System.Text.RegularExpressions;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Tls;

/// <summary>
/// The peers of the TLS tests: DCMTK's tools with <c>+tls</c> (pinned to one protocol version through
/// <c>OPENSSL_CONF</c> when asked) and <c>lantern listen</c> with its TLS options; what they say about
/// the connection; and the SOP Instance UIDs on either side.
/// </summary>
internal static partial class TlsPeers
{
    public const string Loopback = "127.0.0.1";
    public const string LanternAeTitle = "LANTERN";
    public const string StorescpAeTitle = "STORESCP";

    /// <summary>How long a peer may take to log what a test waits for.</summary>
    public static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts <c>lantern listen</c> on loopback <paramref name="port"/> with <paramref name="tlsArguments"/>,
    /// storing into <paramref name="directory"/>, and returns once it listens.
    /// </summary>
    public static async Task<PeerProcess> StartListenAsync(int port, string directory, IEnumerable<string> tlsArguments)
    {
        var listen = LanternCli.Start(["listen", "--port", Text(port), "--bind", Loopback, "--aet", LanternAeTitle, "--out", directory, .. tlsArguments]);
        try
        {
            await ListeningPort.WaitAsync(listen, port, Dcmtk.StartTimeout);
        }
        catch
        {
            listen.Dispose();
            throw;
        }

        return listen;
    }

    /// <summary>
    /// Starts <c>storescp +tls</c> with the test server certificate, trusting the test CA for client
    /// certificates, at debug level (it then logs the negotiated protocol), and returns once it listens.
    /// storescp demands a client certificate unless <paramref name="extraArguments"/> say otherwise (<c>-ic</c>).
    /// </summary>
    public static async Task<PeerProcess> StartStorescpAsync(TestPki pki, int port, string directory, string? protocol = null, IEnumerable<string>? extraArguments = null)
    {
        Directory.CreateDirectory(directory);
        string[] arguments =
        [
            "-d", "--aetitle", StorescpAeTitle, "--output-directory", directory,
            "+tls", pki.ServerKey, pki.ServerCertificate, "+cf", pki.CaCertificate, .. extraArguments ?? [], Text(port),
        ];
        var storescp = PeerProcess.Start("storescp", arguments, Environment(pki, protocol));
        try
        {
            await ListeningPort.WaitAsync(storescp, port, Dcmtk.StartTimeout);
        }
        catch
        {
            storescp.Dispose();
            throw;
        }

        return storescp;
    }

    /// <summary>Runs a DCMTK client (<c>echoscu</c>, <c>storescu</c>) to the end, pinned to <paramref name="protocol"/> when given.</summary>
    public static Task<ToolResult> RunDcmtkAsync(string tool, TestPki pki, IEnumerable<string> arguments, string? protocol = null) =>
        PeerProcess.RunAsync(tool, arguments, Dcmtk.DefaultTimeout, Environment(pki, protocol));

    /// <summary>
    /// DCMTK client arguments: present the test client certificate (<c>+tls KEY CERT</c>), or none
    /// (<c>+tla</c>, anonymous), or <paramref name="identity"/>'s; always check the server against the test CA.
    /// </summary>
    public static string[] ClientTls(TestPki pki, ClientIdentity identity) => identity switch
    {
        ClientIdentity.Trusted => ["+tls", pki.ClientKey, pki.ClientCertificate, "+cf", pki.CaCertificate],
        ClientIdentity.Stranger => ["+tls", pki.StrangerKey, pki.StrangerCertificate, "+cf", pki.CaCertificate],
        _ => ["+tla", "+cf", pki.CaCertificate],
    };

    /// <summary>The protocol a DCMTK tool at debug level (<c>-d</c>) reports for its TLS connection ("Protocol    : TLSv1.3").</summary>
    public static string? NegotiatedProtocol(string output) => ProtocolLine().Match(output) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The SOP Instance UIDs of <paramref name="files"/>, as dcmdump reads them.</summary>
    public static async Task<SortedSet<string>> SopInstanceUidsAsync(IReadOnlyCollection<string> files)
    {
        var dump = await Dcmtk.DcmdumpAsync(files, ["+P", "0008,0018"]);
        Assert.True(dump.Succeeded, dump.ToString());
        return new SortedSet<string>(SopInstanceUidLine().Matches(dump.StandardOutput).Select(match => match.Groups[1].Value), StringComparer.Ordinal);
    }

    /// <summary>The UIDs of what <c>lantern listen</c> stored in <paramref name="directory"/> (it names files "UID.dcm").</summary>
    public static SortedSet<string> StoredByLantern(string directory) =>
        new(Directory.GetFiles(directory, "*.dcm").Select(Path.GetFileNameWithoutExtension)!, StringComparer.Ordinal);

    /// <summary>The UIDs of what storescp stored in <paramref name="directory"/> (it names files "CT.UID").</summary>
    public static SortedSet<string> StoredByStorescp(string directory) =>
        new(Directory.GetFiles(directory, "CT.*").Select(file => Path.GetFileName(file)["CT.".Length..]), StringComparer.Ordinal);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string>? Environment(TestPki pki, string? protocol) =>
        protocol is null ? null : new() { ["OPENSSL_CONF"] = pki.OpenSslConfig(protocol) };

    [GeneratedRegex(@"Protocol\s*:\s*(TLSv[0-9.]+)")]
    private static partial Regex ProtocolLine();

    [GeneratedRegex(@"^\(0008,0018\) UI \[([0-9.]+)\]", RegexOptions.Multiline)]
    private static partial Regex SopInstanceUidLine();
}
