using System.Globalization;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// <c>lantern send</c> to a <c>storescp</c> that does not take the files' own syntax: uncompressed
/// files are transcoded on the way and arrive whole; compressed ones go as stored when accepted and
/// are reported, not sent, when not; files that are not DICOM (or not whole) are reported by name
/// while the rest arrive, and the exit code says something failed.
/// </summary>
public sealed class SendTranscodingTests(SeriesCache series) : IClassFixture<SeriesCache>
{
    private const int SeriesSize = 10;
    private const string Loopback = "127.0.0.1";
    private const string StorescpAeTitle = "STORESCP";

    /// <summary>
    /// <c>+xi</c>: storescp accepts Implicit VR Little Endian only, so Explicit LE and Big Endian
    /// files must be transcoded (Big Endian: every multi-byte value swapped, Pixel Data included);
    /// with no option it prefers Explicit VR Little Endian, which an Implicit VR file must become
    /// (our proposal lists the file's syntax, Explicit LE and Implicit LE, and storescp picks).
    /// </summary>
    [Theory]
    [InlineData("explicit", "+xi", "implicit")]
    [InlineData("big-endian", "+xi", "implicit")]
    [InlineData("implicit", "+xe", "explicit")]
    public async Task LanternSend_PeerRefusesFileSyntax_TranscodesAndEveryInstanceArrivesUnchanged(string fileSyntax, string storescpOption, string wireSyntax)
    {
        var sent = series.Get(SeriesSize, StorescuToListenTests.SyntaxOf(fileSyntax));
        var expected = StorescuToListenTests.SyntaxOf(wireSyntax);
        using var directory = new TempDirectory("send-transcode");
        var received = directory.Subdirectory("received");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, received, StorescpAeTitle, [storescpOption]);

        var send = await SendAsync(port, sent);

        Assert.True(send.Succeeded, send.ToString());
        Assert.Contains($"sent {SeriesSize} of {SeriesSize} instance(s)", send.StandardOutput, StringComparison.Ordinal);
        var files = Directory.GetFiles(received);
        Assert.Equal(SeriesSize, files.Length);
        var dumped = await DcmdumpReport.ReadAsync(files);
        Assert.All(dumped.Values, instance => Assert.Equal(expected.Uid, instance.TransferSyntaxUid));
        foreach (var source in sent)
        {
            InstanceComparison.AssertSameDataset(source, Path.Combine(received, "CT." + StorescuToListenTests.SopInstanceUid(source)));
        }

        var scratch = directory.Subdirectory("dcmconv");
        foreach (var source in new[] { sent[0], sent[^1] })
        {
            await InstanceComparison.AssertSameDatasetPerDcmtkAsync(source, Path.Combine(received, "CT." + StorescuToListenTests.SopInstanceUid(source)), scratch);
        }
    }

    /// <summary>
    /// A JPEG Lossless file goes as stored (storescp <c>+xs</c> prefers that syntax); a peer that
    /// takes only uncompressed syntaxes gets nothing, and the file is reported as not sent.
    /// </summary>
    [Theory]
    [InlineData("+xs", true)]
    [InlineData("+xe", false)]
    public async Task LanternSend_JpegLosslessFile_SentAsStoredOnlyWhenPeerAcceptsItsSyntax(string storescpOption, bool accepted)
    {
        using var directory = new TempDirectory("send-jpeg");
        var source = series.Get(1, TransferSyntax.ExplicitVRLittleEndian)[0];
        var jpeg = Path.Combine(directory.Subdirectory("jpeg"), "CT-jpeg.dcm");
        var compress = await PeerProcess.RunAsync("dcmcjpeg", ["+e1", source, jpeg], Dcmtk.DefaultTimeout);
        Assert.True(compress.Succeeded, compress.ToString());
        var received = directory.Subdirectory("received");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, received, StorescpAeTitle, [storescpOption]);

        var send = await SendAsync(port, [jpeg]);

        if (accepted)
        {
            Assert.True(send.Succeeded, send.ToString());
            var file = Assert.Single(Directory.GetFiles(received));
            var dumped = await DcmdumpReport.ReadAsync([file]);
            Assert.Equal("1.2.840.10008.1.2.4.70", dumped[file].TransferSyntaxUid);
            InstanceComparison.AssertSameDataset(jpeg, file);
        }
        else
        {
            Assert.Equal(1, send.ExitCode);
            Assert.Contains($"lantern send: {jpeg}: the peer accepted no presentation context", send.StandardError, StringComparison.Ordinal);
            Assert.Contains("sent 0 of 1 instance(s)", send.StandardError, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(received));
        }
    }

    [Fact]
    public async Task LanternSend_FolderWithNonDicomAndTruncatedFiles_ReportsThoseAndSendsTheRest()
    {
        using var directory = new TempDirectory("send-mixed");
        var folder = directory.Subdirectory("mixed");
        var good = series.Get(SeriesSize, TransferSyntax.ExplicitVRLittleEndian);
        foreach (var file in good)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var text = Path.Combine(folder, "README.txt");
        await File.WriteAllTextAsync(text, "not a DICOM file\n");
        var truncated = Path.Combine(folder, "CT-truncated.dcm");
        var whole = await File.ReadAllBytesAsync(good[0]);
        await File.WriteAllBytesAsync(truncated, whole[..(whole.Length / 2)]); // cut inside Pixel Data
        var received = directory.Subdirectory("received");
        var port = FreePort.Next();
        using var storescp = await Dcmtk.StartStorescpAsync(port, received, StorescpAeTitle);

        var send = await SendAsync(port, [folder]);

        Assert.Equal(1, send.ExitCode);
        Assert.Contains($"lantern send: {text}: not readable as DICOM", send.StandardError, StringComparison.Ordinal);
        Assert.Contains($"lantern send: {truncated}: not readable as DICOM", send.StandardError, StringComparison.Ordinal);
        Assert.Contains($"sent {SeriesSize} of {SeriesSize + 2} instance(s)", send.StandardError, StringComparison.Ordinal);
        Assert.Contains("; 2 failed", send.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", send.Output, StringComparison.Ordinal); // a message, not a stack trace
        var files = Directory.GetFiles(received);
        Assert.Equal(SeriesSize, files.Length);
        var dumped = await DcmdumpReport.ReadAsync(files);
        Assert.Equal(good.Select(StorescuToListenTests.SopInstanceUid).Order(StringComparer.Ordinal), dumped.Values.Select(i => i.SopInstanceUid!).Order(StringComparer.Ordinal));
    }

    private static Task<ToolResult> SendAsync(int port, IEnumerable<string> paths) =>
        LanternCli.RunAsync(["send", "--host", Loopback, "--port", port.ToString(CultureInfo.InvariantCulture), "--called", StorescpAeTitle, .. paths]);
}
