using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// DCMTK <c>storescu</c> → <c>lantern listen</c>: a generated 300-slice CT series in each uncompressed
/// syntax, that syntax on the wire (storescu's proposal and <c>listen --prefer</c> agree on it), and
/// every instance stored durably, unchanged, readable by DCMTK and described truly by its meta.
/// </summary>
public sealed class StorescuToListenTests(SeriesCache series, ITestOutputHelper output) : IClassFixture<SeriesCache>
{
    private const string Loopback = "127.0.0.1";
    private const string CallingAeTitle = "STORESCU";
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// storescu proposes <paramref name="proposal"/> (<c>-xi</c>: Implicit VR LE only; <c>-xe</c>/<c>-xb</c>:
    /// all three, Explicit LE/BE first) for a series written in that same syntax, and the listener
    /// prefers it, so the data sets cross the wire and land on disk in it, with no conversion on
    /// either side.
    /// </summary>
    [Theory]
    [InlineData("-xi", "implicit", 300)]
    [InlineData("-xe", "explicit", 300)]
    [InlineData("-xb", "big-endian", 300)]
    public async Task Storescu_SeriesInEachUncompressedSyntax_ListenStoresEveryInstanceUnchangedInThatSyntax(string proposal, string prefer, int count)
    {
        var syntax = SyntaxOf(prefer);
        var clock = TimeProvider.System.GetTimestamp();
        var sent = series.Get(count, syntax);
        var written = TimeProvider.System.GetElapsedTime(clock);
        using var directory = new TempDirectory("storescu-listen");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"), extraArguments: ["--prefer", prefer]);

        var send = await Dcmtk.RunStorescuAsync(Loopback, listener.Port, listener.AeTitle, sent, proposal, CallingAeTitle);

        Assert.True(send.Succeeded, send.ToString());
        Assert.DoesNotContain("E: ", send.Output, StringComparison.Ordinal);
        var stored = listener.StoredFiles();
        Assert.Equal(count, stored.Length);
        Assert.Empty(listener.IncomingFiles());
        await listener.Process.WaitForOutputAsync($"released after {count} instance(s)", s_logTimeout);

        // DCMTK reads every stored file, and its meta names the syntax on the wire and storescu's AE.
        clock = TimeProvider.System.GetTimestamp();
        var dumped = await DcmdumpReport.ReadAsync(stored);
        var dumpTime = TimeProvider.System.GetElapsedTime(clock);
        foreach (var instance in dumped.Values)
        {
            Assert.Equal(syntax.Uid, instance.TransferSyntaxUid);
            Assert.Equal(CallingAeTitle, instance.SourceAeTitle);
            Assert.True(instance.HasPixelData, $"dcmdump shows no Pixel Data in {instance.Path}");
            Assert.Equal(instance.SopInstanceUid + ".dcm", Path.GetFileName(instance.Path));
        }

        // Every instance sent is there, under its SOP Instance UID, with the data set it was sent with.
        clock = TimeProvider.System.GetTimestamp();
        var sentByUid = sent.ToDictionary(SopInstanceUid, StringComparer.Ordinal);
        Assert.Equal(sentByUid.Keys.Order(StringComparer.Ordinal), dumped.Values.Select(i => i.SopInstanceUid!).Order(StringComparer.Ordinal));
        foreach (var (uid, source) in sentByUid)
        {
            InstanceComparison.AssertSameDataset(source, Path.Combine(listener.OutputDirectory, uid + ".dcm"));
        }

        var scratch = directory.Subdirectory("dcmconv");
        foreach (var index in new[] { 0, count / 2, count - 1 })
        {
            var source = sent[index];
            await InstanceComparison.AssertSameDatasetPerDcmtkAsync(source, Path.Combine(listener.OutputDirectory, SopInstanceUid(source) + ".dcm"), scratch);
        }

        output.WriteLine($"storescu {proposal} -> lantern listen --prefer {prefer}, {count} instances: series written in {written.TotalSeconds:F2} s, " +
            $"sent in {send.Elapsed.TotalSeconds:F2} s, dcmdump {dumpTime.TotalSeconds:F2} s, compared in {TimeProvider.System.GetElapsedTime(clock).TotalSeconds:F2} s");
    }

    internal static TransferSyntax SyntaxOf(string prefer) => prefer switch
    {
        "implicit" => TransferSyntax.ImplicitVRLittleEndian,
        "explicit" => TransferSyntax.ExplicitVRLittleEndian,
        "big-endian" => TransferSyntax.ExplicitVRBigEndian,
        _ => throw new ArgumentOutOfRangeException(nameof(prefer), prefer, "not a listen --prefer value for an uncompressed syntax"),
    };

    internal static string SopInstanceUid(string file) =>
        DicomFile.Open(file, new() { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID);
}
