using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// A data set cut short inside Pixel Data. DCMTK's storescu refuses to send such a file ("larger than
/// remaining bytes in file"), but <c>lantern send</c> used to stream it as it was (the file was checked
/// only up to its meta; pinned by <see cref="SendTranscodingTests"/>), and <c>lantern listen</c> used to
/// answer it with Success and keep it (the data set was read back only up to Pixel Data), so the two
/// passed a broken instance on without a word. This is the listener's half, sent by a bare client.
/// </summary>
public sealed class TruncatedDatasetTests(SeriesCache series) : IClassFixture<SeriesCache>
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Listen_DatasetCutInsidePixelData_AnswersC000AndKeepsNothing()
    {
        var source = series.Get(2, TransferSyntax.ExplicitVRLittleEndian);
        using var directory = new TempDirectory("listen-truncated");
        using var listener = await LanternListener.StartAsync(directory.Subdirectory("received"));
        await using var association = await RawAssociation.OpenAsync(listener.Port, listener.AeTitle, "RAWSCU", CtImageStorage, TransferSyntax.ExplicitVRLittleEndian.Uid);
        Assert.Equal(0x02, association.AnswerType);

        var whole = Dataset(source[0]);
        var status = await association.StoreAsync(CtImageStorage, StorescuToListenTests.SopInstanceUid(source[0]), whole[..(whole.Length / 2)]);

        Assert.Equal(0xC000, status); // cannot understand: the data set does not parse
        Assert.Empty(listener.StoredFiles());
        Assert.Empty(listener.IncomingFiles());

        // The association goes on: a whole instance on it is stored.
        var next = await association.StoreAsync(CtImageStorage, StorescuToListenTests.SopInstanceUid(source[1]), Dataset(source[1]));
        Assert.Equal(0x0000, next);
        Assert.Single(listener.StoredFiles());
        Assert.Equal(0x06, await association.ReleaseAsync());
        await listener.Process.WaitForOutputAsync("Association with RAWSCU released after 1 instance(s)", s_logTimeout);
    }

    /// <summary>The data set bytes of a Part 10 file, as <c>lantern send</c> streams them.</summary>
    private static byte[] Dataset(string file)
    {
        var header = DicomFileHeader.Read(file);
        return File.ReadAllBytes(file)[(int)header.DatasetOffset..];
    }
}
