using Lantern.Imaging.Series;
using Lantern.Imaging.Tests.Support;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Series;

public sealed class SeriesScannerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Scan_FolderOfSeries_GroupsBySeriesOrientationAndLocalizer()
    {
        var chest = new SyntheticCt { SeriesNumber = 3, Slices = 5 };
        chest.Write(_temp.Sub("a"));
        (chest with { Slices = 2, ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"], RowDirection = new Vector3D(0, 1, 0), ColumnDirection = new Vector3D(0, 0, -1) }).Write(_temp.Sub("b"));
        new SyntheticCt { SeriesNumber = 5, Slices = 3, Modality = "MR" }.Write(_temp.Path);
        File.WriteAllBytes(Path.Combine(_temp.Path, "junk.dcm"), [1, 2, 3]);

        var found = SeriesScanner.Scan(_temp.Path);

        Assert.Collection(
            found,
            s =>
            {
                Assert.Equal((chest.SeriesUid, false, 5, "CT"), (s.SeriesInstanceUid, s.IsLocalizer, s.FrameCount, s.Modality));
                Assert.Equal((Vector3D?)Vector3D.UnitX, s.RowDirection);
            },
            s => Assert.Equal((chest.SeriesUid, true, 2), (s.SeriesInstanceUid, s.IsLocalizer, s.FrameCount)),
            s => Assert.Equal(("MR", 3, 5), (s.Modality, s.InstanceCount, s.SeriesNumber)));
    }

    [Fact]
    public void Load_OneOfSeveralScannedSeries_LoadsThatSeries()
    {
        new SyntheticCt { SeriesNumber = 2 }.Write(_temp.Path);
        var wanted = new SyntheticCt { SeriesNumber = 4, Slices = 4 };
        wanted.Write(_temp.Path);

        var series = SeriesScanner.Scan(_temp.Path).Single(s => s.SeriesNumber == 4);
        var loaded = VolumeLoader.Load(series);

        Assert.Same(series, loaded.Series);
        VolumeLoaderTests.AssertVoxels(wanted, loaded.Volume, k => k);
    }
}
