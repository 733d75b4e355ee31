using Lantern.Imaging.Series;
using Lantern.Imaging.Tests.Support;
using Lantern.Imaging.Volumes;
using Xunit.Abstractions;

namespace Lantern.Imaging.Tests.Series;

/// <summary>Real scans (../shared/data, see its README): read where they lie, never copied.</summary>
public class RealDataTests(ITestOutputHelper output)
{
    private const string LungBases = "real-ct-abdomen-lung-bases";
    private const string Jpeg2000 = "real-ct-upper-abdomen-j2k";

    [RealDataFact(LungBases)]
    public void LoadDirectory_RealAbdomenSeries_SaneGeometryAndHu()
    {
        var loaded = VolumeLoader.LoadDirectory(RealData.Find(LungBases)!);

        var volume = loaded.Volume;
        var geometry = volume.Geometry;
        output.WriteLine(geometry.ToString());
        Assert.Equal((512, 512, 134), (geometry.SizeX, geometry.SizeY, geometry.SizeZ));
        Assert.Equal(new Vector3D(1.07421875, 1.07421875, 3), geometry.Spacing);
        Assert.Equal((Vector3D.UnitX, Vector3D.UnitY, Vector3D.UnitZ), (geometry.AxisX, geometry.AxisY, geometry.AxisZ));

        // Ascending along the normal (+z, towards the head): the first slice is the lowest, at z 85.91 mm.
        Assert.Equal(new Vector3D(-275, -178.1, 85.91), geometry.Origin);

        // Air in the corner, tissue near the centre, and everything within a CT scale.
        var (min, max) = (volume.Voxels.Min(), volume.Voxels.Max());
        output.WriteLine($"HU range {min}..{max}; corner {volume[2, 2, 60]}; centre {volume[256, 256, 60]}");
        Assert.InRange(volume[2, 2, 60], (short)-1100, (short)-900);
        Assert.InRange(volume[256, 256, 60], (short)-200, (short)400);
        Assert.InRange(min, (short)-1100, (short)-900);
        Assert.InRange(max, (short)500, (short)3100);
    }

    [RealDataFact(Jpeg2000)]
    public void LoadDirectory_RealJpeg2000Series_NamesTheCompressedSyntax()
    {
        var error = Assert.Throws<NotAnalysableException>(() => VolumeLoader.LoadDirectory(RealData.Find(Jpeg2000)!));

        output.WriteLine(error.Message);
        Assert.Equal(NotAnalysableReason.UnsupportedTransferSyntax, error.Reason);
        Assert.Contains("[1.2.840.10008.1.2.4.90] not supported yet", error.Message, StringComparison.Ordinal);
    }

    [RealDataFact(Jpeg2000)]
    public void Scan_RealJpeg2000Series_OneCtSeriesOfTwentyFrames()
    {
        var series = Assert.Single(SeriesScanner.Scan(RealData.Find(Jpeg2000)!));

        Assert.Equal(("CT", 20, false), (series.Modality, series.FrameCount, series.IsLocalizer));
    }
}
