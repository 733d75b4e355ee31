using Lantern.Dicom.Data;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// DCMTK's network tools and dcmdump as peers (<c>apt-get install dcmtk</c>; <c>./test.sh</c> does it).
/// Every tool runs verbose (<c>-v</c>), so that a failed assertion shows what the peer saw, and with
/// <c>TCP_NODELAY=1</c> (see <see cref="PeerProcess"/>).
/// </summary>
internal static class Dcmtk
{
    /// <summary>How long a tool may run before it is killed: generous, since a 300-instance series takes about a second.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a listener may take to start listening.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Starts <c>storescp</c> on <paramref name="port"/> as <paramref name="aeTitle"/>, writing what it
    /// receives to <paramref name="outputDirectory"/> (one file per instance, named after the modality
    /// and SOP Instance UID, in the transfer syntax it arrived in), and returns once it listens. It
    /// accepts the uncompressed syntaxes and handles one association at a time; it has written each
    /// file before it answers that C-STORE, so once the sender is done every file is there.
    /// <paramref name="extraArguments"/> go before the port (e.g. <c>+xa</c> to accept every syntax).
    /// </summary>
    public static async Task<PeerProcess> StartStorescpAsync(
        int port,
        string outputDirectory,
        string aeTitle = "STORESCP",
        IEnumerable<string>? extraArguments = null,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        string[] arguments = ["-v", "--aetitle", aeTitle, "--output-directory", outputDirectory, .. extraArguments ?? [], Port(port)];
        var peer = PeerProcess.Start("storescp", arguments);
        try
        {
            await ListeningPort.WaitAsync(peer, port, StartTimeout, cancellationToken);
        }
        catch
        {
            peer.Dispose();
            throw;
        }

        return peer;
    }

    /// <summary>C-ECHO with <c>echoscu</c>; exit code 0 when the association and the echo succeeded.</summary>
    public static Task<ToolResult> RunEchoscuAsync(
        string host,
        int port,
        string calledAeTitle,
        string callingAeTitle = "ECHOSCU",
        CancellationToken cancellationToken = default) =>
        PeerProcess.RunAsync("echoscu", ["-v", "-aec", calledAeTitle, "-aet", callingAeTitle, host, Port(port)], DefaultTimeout, cancellationToken: cancellationToken);

    /// <summary>
    /// Sends <paramref name="files"/> with <c>storescu</c> over one association with the proposal of
    /// <paramref name="transferSyntaxOption"/> (see <see cref="TransferSyntaxOption"/>): <c>-xi</c>
    /// Implicit VR Little Endian only; <c>-xe</c> / <c>-xb</c> all uncompressed syntaxes with Explicit
    /// VR Little / Big Endian first (the acceptor picks: see <see cref="StorescpPreferenceOption"/>);
    /// <c>-xd</c> Deflated first. Files in another uncompressed syntax than the accepted one are
    /// converted by storescu on the way. storescu 3.6.7 exits non-zero when the association fails or
    /// a C-STORE is refused (e.g. 167 for Out of Resources); tests still count what arrived.
    /// </summary>
    public static Task<ToolResult> RunStorescuAsync(
        string host,
        int port,
        string calledAeTitle,
        IEnumerable<string> files,
        string transferSyntaxOption = "-xe",
        string callingAeTitle = "STORESCU",
        CancellationToken cancellationToken = default) =>
        PeerProcess.RunAsync(
            "storescu",
            ["-v", "-aec", calledAeTitle, "-aet", callingAeTitle, transferSyntaxOption, host, Port(port), .. files],
            DefaultTimeout,
            cancellationToken: cancellationToken);

    /// <summary><c>dcmdump</c> of one file (exit code 0 when DCMTK could read all of it); <paramref name="options"/> go first.</summary>
    public static Task<ToolResult> DcmdumpAsync(string file, IEnumerable<string>? options = null, CancellationToken cancellationToken = default) =>
        DcmdumpAsync([file], options, cancellationToken);

    /// <summary>
    /// One <c>dcmdump</c> over many files (one process, so much faster than one call per file); its
    /// exit code is not 0 when any of them could not be read.
    /// </summary>
    public static Task<ToolResult> DcmdumpAsync(IReadOnlyCollection<string> files, IEnumerable<string>? options = null, CancellationToken cancellationToken = default) =>
        PeerProcess.RunAsync("dcmdump", [.. options ?? [], .. files], DefaultTimeout, cancellationToken: cancellationToken);

    /// <summary>The storescu option that proposes <paramref name="syntax"/> first.</summary>
    public static string TransferSyntaxOption(TransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.Equals(TransferSyntax.ImplicitVRLittleEndian))
        {
            return "-xi";
        }

        if (syntax.Equals(TransferSyntax.ExplicitVRLittleEndian))
        {
            return "-xe";
        }

        if (syntax.Equals(TransferSyntax.ExplicitVRBigEndian))
        {
            return "-xb";
        }

        if (syntax.Equals(TransferSyntax.DeflatedExplicitVRLittleEndian))
        {
            return "-xd";
        }

        throw new ArgumentException($"no storescu option proposes {syntax} first", nameof(syntax));
    }

    /// <summary>
    /// The storescp option that makes it choose <paramref name="syntax"/> when a sender proposes it.
    /// storescu's <c>-xe</c> and <c>-xb</c> propose all three uncompressed syntaxes (only the order
    /// differs) and the acceptor picks: storescp's default is explicit VR in the machine's byte order,
    /// so Big Endian only goes over the wire when the acceptor prefers it (<c>+xb</c>).
    /// </summary>
    public static string StorescpPreferenceOption(TransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.Equals(TransferSyntax.ImplicitVRLittleEndian))
        {
            return "+xi";
        }

        if (syntax.Equals(TransferSyntax.ExplicitVRLittleEndian))
        {
            return "+xe";
        }

        if (syntax.Equals(TransferSyntax.ExplicitVRBigEndian))
        {
            return "+xb";
        }

        if (syntax.Equals(TransferSyntax.DeflatedExplicitVRLittleEndian))
        {
            return "+xd";
        }

        throw new ArgumentException($"no storescp option prefers {syntax}", nameof(syntax));
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
