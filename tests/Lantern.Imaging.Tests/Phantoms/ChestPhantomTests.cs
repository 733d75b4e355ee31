using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Phantoms;

namespace Lantern.Imaging.Tests.Phantoms;

public class ChestPhantomTests
{
    [Fact]
    public void RenderSlice_SameSliceTwice_SameValues()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 4, Size = 96, SliceThicknessMm = 2.5 });
        var slice = phantom.Geometry.Slices / 2;

        var (hu1, labels1) = Render(phantom, slice);
        var (hu2, labels2) = Render(phantom, slice);

        Assert.Equal(hu1, hu2);
        Assert.Equal(labels1, labels2);
    }

    [Fact]
    public void RenderSlice_DifferentSeeds_DifferentImages()
    {
        var a = PhantomGenerator.Create(new PhantomOptions { Seed = 1, Size = 64, Slices = 5 });
        var b = PhantomGenerator.Create(new PhantomOptions { Seed = 2, Size = 64, Slices = 5 });

        Assert.NotEqual(Render(a, 2).Hu, Render(b, 2).Hu);
    }

    [Fact]
    public void RenderLabels_MatchTheLabelsOfRenderSlice()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 8, Size = 96, SliceThicknessMm = 2.5, Nodules = 6 });
        foreach (var nodule in phantom.Nodules)
        {
            var slice = NearestSlice(phantom, nodule.Z);
            var labels = new byte[96 * 96];

            phantom.RenderLabels(slice, labels);

            Assert.Equal(Render(phantom, slice).Labels, labels);
        }
    }

    [Fact]
    public void RenderLabels_MidChest_LeftLungOnThePatientsLeft()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 3, Size = 128, Slices = 9, SliceThicknessMm = 5 });
        var labels = new byte[128 * 128];

        phantom.RenderLabels(4, labels);

        var left = Columns(labels, 128, PhantomLabels.LeftLung);
        var right = Columns(labels, 128, PhantomLabels.RightLung);
        Assert.True(left.Count > 500 && right.Count > 500, $"{left.Count} left, {right.Count} right lung pixels");
        Assert.True(left.Average() > right.Average() + 20, "left lung at larger column (+x is the patient's left)");
        Assert.All(labels, l => Assert.True(l <= PhantomLabels.Nodule));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void RenderLabels_EachNodule_CentroidAndVolumeMatchTheTruth(ulong seed)
    {
        // A fine grid (0.6 mm voxels) around the nodules: labels only, so it stays quick.
        const double Voxel = 0.6;
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = seed, Size = 512, PixelSpacingMm = Voxel, SliceThicknessMm = Voxel, Nodules = 5 });
        var g = phantom.Geometry;
        var labels = new byte[g.Columns * g.Rows];
        Assert.NotEmpty(phantom.Nodules);
        foreach (var nodule in phantom.Nodules)
        {
            var radius = nodule.DiameterMm / 2;
            double count = 0, sx = 0, sy = 0, sz = 0;
            for (var slice = NearestSlice(phantom, nodule.Z - radius - 2); slice <= NearestSlice(phantom, nodule.Z + radius + 2); slice++)
            {
                phantom.RenderLabels(slice, labels);
                for (var row = 0; row < g.Rows; row++)
                {
                    for (var column = 0; column < g.Columns; column++)
                    {
                        var x = g.ColumnX(column);
                        var y = g.RowY(row);
                        var z = g.SliceZ(slice);
                        var near = Math.Abs(x - nodule.X) <= radius * 1.6 && Math.Abs(y - nodule.Y) <= radius * 1.6 && Math.Abs(z - nodule.Z) <= radius * 1.6;
                        if (near && labels[(row * g.Columns) + column] == PhantomLabels.Nodule)
                        {
                            count++;
                            sx += x;
                            sy += y;
                            sz += z;
                        }
                    }
                }
            }

            var what = $"seed {seed}: {nodule}";
            Assert.True(count > 0, what);
            Assert.InRange(sx / count, nodule.X - Voxel, nodule.X + Voxel);
            Assert.InRange(sy / count, nodule.Y - Voxel, nodule.Y + Voxel);
            Assert.InRange(sz / count, nodule.Z - Voxel, nodule.Z + Voxel);
            var diameter = Math.Cbrt(6 * count * Voxel * Voxel * Voxel / Math.PI);
            var low = nodule.Attachment == NoduleAttachment.JuxtaPleural ? 0.85 : 0.92;
            Assert.InRange(diameter, (nodule.DiameterMm * low) - (Voxel / 2), (nodule.DiameterMm * 1.06) + (Voxel / 2));
        }
    }

    [Fact]
    public void RenderSlice_NoduleCentres_LieInTheirSidesLung()
    {
        foreach (var seed in new ulong[] { 11, 12, 13 })
        {
            var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = seed, Size = 256, SliceThicknessMm = 1, Nodules = 6 });
            var g = phantom.Geometry;
            var labels = new byte[g.Columns * g.Rows];
            foreach (var nodule in phantom.Nodules)
            {
                phantom.RenderLabels(NearestSlice(phantom, nodule.Z), labels);
                var column = (int)Math.Round((nodule.X - g.OriginX) / g.PixelSpacingMm);
                var row = (int)Math.Round((nodule.Y - g.OriginY) / g.PixelSpacingMm);
                var lung = nodule.Side == LungSide.Left ? PhantomLabels.LeftLung : PhantomLabels.RightLung;

                Assert.Equal(PhantomLabels.Nodule, labels[(row * g.Columns) + column]);
                Assert.Equal(lung, NearestLung(labels, g.Columns, row, column));
            }
        }
    }

    [Fact]
    public void RenderSlice_WithoutNoise_TissuesHaveTheirHu()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 6, Size = 256, SliceThicknessMm = 1.25, NoiseHu = 0, Nodules = 6 });
        var g = phantom.Geometry;
        Assert.Contains(phantom.Nodules, n => n.DiameterMm >= 6);
        foreach (var nodule in phantom.Nodules.Where(n => n.DiameterMm >= 6))
        {
            var slice = NearestSlice(phantom, nodule.Z);
            var (hu, labels) = Render(phantom, slice);
            var column = (int)Math.Round((nodule.X - g.OriginX) / g.PixelSpacingMm);
            var row = (int)Math.Round((nodule.Y - g.OriginY) / g.PixelSpacingMm);
            var center = hu[(row * g.Columns) + column];
            if (nodule.Type == NoduleType.GroundGlass)
            {
                Assert.InRange(center, -750, -250);
            }
            else
            {
                Assert.InRange(center, -150, 200);
            }

            var parenchyma = Median(hu.Where((_, i) => labels[i] is PhantomLabels.LeftLung or PhantomLabels.RightLung));
            Assert.InRange(parenchyma, -950, -700);
            Assert.InRange(Median(AirInFront(hu, g.Columns)), -1024, -990);
            Assert.True(hu.Max() > 300, "bone in every chest slice");
        }
    }

    [Fact]
    public void RenderSlice_WithNoise_AirDeviationNearTheNoiseLevel()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 9, Size = 256, Slices = 3, NoiseHu = 30 });
        var (hu, _) = Render(phantom, 1);

        // The values scatter around -1000, clamped at -1024.
        var air = AirInFront(hu, 256).Select(v => (double)v).ToArray();
        var mean = air.Average();
        var deviation = Math.Sqrt(air.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(deviation, 12, 40);
    }

    private static (short[] Hu, byte[] Labels) Render(ChestPhantom phantom, int slice)
    {
        var pixels = phantom.Geometry.Columns * phantom.Geometry.Rows;
        var hu = new short[pixels];
        var labels = new byte[pixels];
        phantom.RenderSlice(slice, hu, labels);
        return (hu, labels);
    }

    /// <summary>Pixels near the top middle of the image: inside the reconstruction circle, in front of the body.</summary>
    private static IEnumerable<short> AirInFront(short[] hu, int columns) =>
        Enumerable.Range(6, 14).SelectMany(row => Enumerable.Range((columns / 2) - 10, 20).Select(column => hu[(row * columns) + column]));

    private static int NearestSlice(ChestPhantom phantom, double z) =>
        Math.Clamp((int)Math.Round((z - phantom.Geometry.OriginZ) / phantom.Geometry.SliceSpacingMm), 0, phantom.Geometry.Slices - 1);

    private static List<int> Columns(byte[] labels, int columns, byte label) =>
        [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).Select(i => i % columns)];

    private static byte NearestLung(byte[] labels, int columns, int row, int column)
    {
        var rows = labels.Length / columns;
        for (var r = 1; r < columns; r++)
        {
            for (var dy = -r; dy <= r; dy++)
            {
                for (var dx = -r; dx <= r; dx++)
                {
                    var y = row + dy;
                    var x = column + dx;
                    if (y >= 0 && y < rows && x >= 0 && x < columns && labels[(y * columns) + x] is PhantomLabels.LeftLung or PhantomLabels.RightLung)
                    {
                        return labels[(y * columns) + x];
                    }
                }
            }
        }

        return PhantomLabels.Background;
    }

    private static double Median(IEnumerable<short> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
