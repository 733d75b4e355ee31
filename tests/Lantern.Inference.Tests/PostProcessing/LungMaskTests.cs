using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class LungMaskTests
{
    private static readonly string[] Labels = ["background", "left-lung", "right-lung"];

    [Fact]
    public void FromProbabilities_IslandsBesideEachLung_KeepsOnlyTheLargestComponentPerSide()
    {
        var grid = Grid(12, 6, 4);
        var classes = new byte[grid.VoxelCount];
        Fill(classes, grid, 0, 3, 0, 5, 0, 3, LungMask.Left);
        Fill(classes, grid, 7, 11, 0, 5, 0, 3, LungMask.Right);
        Fill(classes, grid, 5, 5, 0, 0, 0, 0, LungMask.Left);
        Fill(classes, grid, 5, 5, 5, 5, 3, 3, LungMask.Right);

        var mask = LungMask.FromProbabilities(OneHot(classes), grid, TestManifests.With(Labels));

        Assert.Equal(LungMask.Background, mask.Labels[5, 0, 0]);
        Assert.Equal(LungMask.Background, mask.Labels[5, 5, 3]);
        Assert.Equal(96, mask.Labels.Voxels.Count(v => v == LungMask.Left));
        Assert.Equal(120, mask.Labels.Voxels.Count(v => v == LungMask.Right));
    }

    [Fact]
    public void FromProbabilities_VesselRunningThroughTheLung_FilledInEverySlice()
    {
        var grid = Grid(7, 5, 3);
        var classes = new byte[grid.VoxelCount];
        Fill(classes, grid, 0, 4, 0, 4, 0, 2, LungMask.Left);
        Fill(classes, grid, 2, 2, 2, 2, 0, 2, LungMask.Background);
        Fill(classes, grid, 0, 0, 2, 2, 0, 2, LungMask.Background);

        var mask = LungMask.FromProbabilities(OneHot(classes), grid, TestManifests.With(Labels));

        for (var z = 0; z < 3; z++)
        {
            Assert.Equal(LungMask.Left, mask.Labels[2, 2, z]);
            Assert.Equal(LungMask.Background, mask.Labels[0, 2, z]);
        }
    }

    [Theory]
    [InlineData(6.0, LungMask.Background)]
    [InlineData(6.25, LungMask.Left)]
    public void FromProbabilities_HoleOfTwentyFiveQuarterMillimetrePixels_FilledUpToTheMaximumArea(double maximumAreaMm2, byte centre)
    {
        var grid = VolumeGeometry.Axial(9, 9, 1, new Vector3D(0.5, 0.5, 3), Vector3D.Zero);
        var classes = new byte[grid.VoxelCount];
        Fill(classes, grid, 1, 7, 1, 7, 0, 0, LungMask.Left);
        Fill(classes, grid, 2, 6, 2, 6, 0, 0, LungMask.Background);

        var mask = LungMask.FromProbabilities(OneHot(classes), grid, TestManifests.With(Labels), new LungMaskOptions { MaximumHoleAreaMm2 = maximumAreaMm2 });

        Assert.Equal(centre, mask.Labels[4, 4, 0]);
        Assert.Equal(centre, mask.Labels[2, 6, 0]);
    }

    [Fact]
    public void FromProbabilities_ManifestThreshold_UsedInsteadOfTheLargestChannel()
    {
        var grid = Grid(2, 1, 1);
        float[] probabilities = [0.5f, 0.5f, 0.3f, 0.3f, 0.2f, 0.2f];

        var byArgmax = LungMask.FromProbabilities(probabilities, grid, TestManifests.With(Labels));
        var byThreshold = LungMask.FromProbabilities(probabilities, grid, TestManifests.With(Labels, new() { ["left-lung"] = 0.25 }));

        Assert.Equal([LungMask.Background, LungMask.Background], byArgmax.Labels.Voxels);
        Assert.Equal([LungMask.Left, LungMask.Left], byThreshold.Labels.Voxels);
    }

    [Fact]
    public void FromProbabilities_BothLungsReachTheirThresholds_TheMoreProbableWins()
    {
        var grid = Grid(2, 1, 1);
        float[] probabilities = [0.05f, 0.05f, 0.45f, 0.55f, 0.5f, 0.4f];
        var manifest = TestManifests.With(Labels, new() { ["left-lung"] = 0.4, ["right-lung"] = 0.4 });

        var mask = LungMask.FromProbabilities(probabilities, grid, manifest);

        Assert.Equal([LungMask.Right, LungMask.Left], mask.Labels.Voxels);
    }

    [Fact]
    public void FromProbabilities_ManifestWithoutTheLungLabel_ThrowsModelManifestException()
    {
        var grid = Grid(2, 1, 1);

        var error = Assert.Throws<ModelManifestException>(() =>
            LungMask.FromProbabilities(new float[6], grid, TestManifests.With(["background", "left lung", "right lung"])));

        Assert.Contains("'left-lung'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProbabilities_OutputOfTheWrongLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => LungMask.FromProbabilities(new float[5], Grid(2, 1, 1), TestManifests.With(Labels)));
    }

    [Fact]
    public void ResampleTo_FinerGrid_EachVoxelTakesTheNearestAndOutsideIsBackground()
    {
        var coarse = new LungMask(new Volume<byte>(VolumeGeometry.Axial(2, 1, 1, new Vector3D(2, 2, 2), Vector3D.Zero), [LungMask.Left, LungMask.Right]));

        var fine = coarse.ResampleTo(VolumeGeometry.Axial(5, 1, 1, new Vector3D(1, 1, 1), new Vector3D(-0.9, 0, 0)));

        // Centres at -0.9, 0.1, 1.1, 2.1 and 3.1 mm: nearest source voxels 0, 0, 1, 1 and none.
        Assert.Equal([LungMask.Left, LungMask.Left, LungMask.Right, LungMask.Right, LungMask.Background], fine.Labels.Voxels);
    }

    [Fact]
    public void Constructor_VoxelOfAnotherValue_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new LungMask(new Volume<byte>(Grid(2, 1, 1), [1, 3])));

        Assert.Contains("Voxel 1 holds 3", error.Message, StringComparison.Ordinal);
    }

    private static VolumeGeometry Grid(int x, int y, int z) => VolumeGeometry.Axial(x, y, z, new Vector3D(1, 1, 1), Vector3D.Zero);

    private static void Fill(byte[] classes, VolumeGeometry grid, int x0, int x1, int y0, int y1, int z0, int z1, byte value)
    {
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    classes[x + (grid.SizeX * (y + (grid.SizeY * z)))] = value;
                }
            }
        }
    }

    /// <summary>Softmax-like output: 0.8 for each voxel's class, 0.1 for the other two.</summary>
    private static float[] OneHot(byte[] classes)
    {
        var probabilities = new float[3 * classes.Length];
        for (var v = 0; v < classes.Length; v++)
        {
            for (var c = 0; c < 3; c++)
            {
                probabilities[(c * classes.Length) + v] = c == classes[v] ? 0.8f : 0.1f;
            }
        }

        return probabilities;
    }
}
