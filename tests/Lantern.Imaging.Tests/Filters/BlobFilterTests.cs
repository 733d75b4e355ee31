using Lantern.Imaging.Filters;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Filters;

public sealed class BlobFilterTests
{
    private static readonly BlobFilterOptions Options = new()
    {
        SigmasMm = [0.9, 1.3, 1.8],
        MinimumDot = 20,
        Window = (-1000, 400),
    };

    [Fact]
    public void Matches_the_SciPy_reference_including_reflected_edges()
    {
        // Two Gaussian balls and a ripple on a grid small enough that the widest kernel (radius 10) reflects
        // off every face; expected values from models/training/blob_candidates.py's dot_filter on the same volume.
        var volume = Grid(16, 18, 20, (x, y, z) =>
            -800 + (900 * Ball(x, y, z, 5, 6, 7, 1.5)) + (500 * Ball(x, y, z, 11, 12, 13, 2.0)) + (40 * Math.Sin((0.7 * x) + (0.3 * y)) * Math.Cos(0.5 * z)));
        var dot = BlobFilter.Measure(volume, Everywhere(volume.Geometry), Options, out var scale);

        (int X, int Y, int Z, double Dot, double Sigma)[] expected =
        [
            (5, 6, 7, 153.47234, 0.9),
            (11, 12, 13, 56.34672, 1.3),
            (6, 6, 7, 88.28963, 1.3),
            (11, 12, 12, 48.59578, 1.3),
            (0, 0, 0, 0, 0),
            (15, 17, 19, 0, 0),
        ];
        foreach (var (x, y, z, value, sigma) in expected)
        {
            var i = volume.Index(x, y, z);
            Assert.Equal(value, dot[i], value * 1e-4);
            Assert.Equal(sigma, scale[i] == 0 ? 0 : Options.SigmasMm[scale[i] - 1]);
        }
    }

    [Fact]
    public void Finds_a_small_ball_and_not_a_vessel_of_the_same_width()
    {
        // A 4 mm nodule and a 4 mm vessel running the grid's whole height, both 100 HU in lung of -850 HU.
        var volume = Grid(64, 48, 48, (x, y, z) =>
        {
            var ball = Math.Sqrt(Square(x - 16) + Square(y - 24) + Square(z - 24)) * 0.75 <= 2 ? 1 : 0;
            var tube = Math.Sqrt(Square(x - 44) + Square(z - 24)) * 0.75 <= 2 ? 1 : 0;
            return Math.Max(ball, tube) == 1 ? 100 : -850;
        });

        var blobs = BlobFilter.Find(volume, Everywhere(volume.Geometry), Options);

        var blob = Assert.Single(blobs);
        Assert.InRange(blob.X, 15, 17);
        Assert.InRange(blob.Y, 23, 25);
        Assert.InRange(blob.Z, 23, 25);
        Assert.Contains(blob.SigmaMm, new[] { 0.9f, 1.3f });
        Assert.True(blob.Dot > 100, $"dot {blob.Dot}");
    }

    [Fact]
    public void Looks_only_inside_the_mask()
    {
        var volume = Grid(32, 32, 32, (x, y, z) => Math.Sqrt(Square(x - 16) + Square(y - 16) + Square(z - 16)) * 0.75 <= 2 ? 100 : -850);
        var mask = Everywhere(volume.Geometry);
        Assert.Single(BlobFilter.Find(volume, mask, Options));

        for (var z = 10; z < 22; z++)
        {
            mask.GetSlice(z).Clear();
        }

        Assert.Empty(BlobFilter.Find(volume, mask, Options));
    }

    [Fact]
    public void Rejects_a_mask_on_another_grid_and_unusable_options()
    {
        var volume = Grid(8, 8, 8, (x, y, z) => -850);
        Assert.Throws<ArgumentException>(() => BlobFilter.Find(volume, Everywhere(Geometry(8, 8, 9)), Options));
        Assert.Throws<ArgumentException>(() => BlobFilter.Find(volume, Everywhere(volume.Geometry), Options with { PeakWindow = 4 }));
        Assert.Throws<ArgumentException>(() => BlobFilter.Find(volume, Everywhere(volume.Geometry), Options with { SigmasMm = [] }));
    }

    private static double Square(double v) => v * v;

    private static double Ball(double x, double y, double z, double cx, double cy, double cz, double sigma) =>
        Math.Exp(-(Square(x - cx) + Square(y - cy) + Square(z - cz)) / (2 * sigma * sigma));

    private static VolumeGeometry Geometry(int sx, int sy, int sz) => VolumeGeometry.Axial(sx, sy, sz, new Vector3D(0.75, 0.75, 0.75), new Vector3D(0, 0, 0));

    private static Volume<float> Grid(int sx, int sy, int sz, Func<int, int, int, double> value)
    {
        var volume = new Volume<float>(Geometry(sx, sy, sz));
        for (var z = 0; z < sz; z++)
        {
            for (var y = 0; y < sy; y++)
            {
                for (var x = 0; x < sx; x++)
                {
                    volume[x, y, z] = (float)value(x, y, z);
                }
            }
        }

        return volume;
    }

    private static Volume<byte> Everywhere(VolumeGeometry geometry)
    {
        var mask = new Volume<byte>(geometry);
        Array.Fill(mask.Voxels, (byte)1);
        return mask;
    }
}
