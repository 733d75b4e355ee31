using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class BlobCandidateFinderTests
{
    private static readonly IntensityNormalization Window = new() { Window = [-1000, 400], Method = NormalizationMethod.Window };

    private static readonly BlobCandidates Settings = new()
    {
        SigmasMm = [0.9, 1.3, 1.8],
        MinimumDot = 20,
        PeakWindow = 5,
        LaplacianLimit = -60,
        LungMarginMm = 3,
        MinimumProbability = 1e-4,
        DistinctMm = 5,
        Score = new CandidateScoring { Bias = 0, Weights = new Dictionary<string, double>() },
    };

    // Three 4 mm balls of 100 HU in lung of -850 HU, on a 0.75 mm grid: A in the left lung, B in the right
    // one beside a detector candidate, C in the left lung where the detector sees nothing at all.
    private static readonly (int X, int Y, int Z) A = (12, 14, 20), B = (36, 14, 20), C = (12, 30, 20);

    [Fact]
    public void Keeps_the_blob_the_detector_has_neither_found_nor_dismissed()
    {
        var grid = VolumeGeometry.Axial(48, 40, 40, new Vector3D(0.75, 0.75, 0.75), new Vector3D(-18, -15, 100));
        var hu = new Volume<float>(grid);
        var probability = new float[grid.VoxelCount];
        for (var z = 0; z < grid.SizeZ; z++)
        {
            for (var y = 0; y < grid.SizeY; y++)
            {
                for (var x = 0; x < grid.SizeX; x++)
                {
                    var inBall = new[] { A, B, C }.Any(c => Distance(x, y, z, c) * 0.75 <= 2);
                    hu[x, y, z] = inBall ? 100 : -850;
                    probability[hu.Index(x, y, z)] = Distance(x, y, z, A) <= 1 || Distance(x, y, z, B) <= 1 ? 0.002f : 0;
                }
            }
        }

        var detected = Finding(grid.VoxelToPatient(B.X + 1, B.Y, B.Z));

        var found = BlobCandidateFinder.Find(hu, probability, Lungs(grid), [detected], Settings, Window);

        var blob = Assert.Single(found);
        Assert.InRange((blob.CenterMm - grid.VoxelToPatient(A.X, A.Y, A.Z)).Length, 0, 0.75 * Math.Sqrt(3));
        Assert.Equal(LungSide.Left, blob.Side);
        Assert.Equal(1, blob.LungFraction);
        Assert.Equal(0.002, blob.PeakProbability, 6);
        Assert.True(blob.BlobDot > 100, $"dot {blob.BlobDot}");
        Assert.Equal(100, blob.MeanHu);
        Assert.Contains(blob.DiameterMm, new[] { 0.9f, 1.3f }.Select(s => 2 * Math.Sqrt(3) * s));
        Assert.Equal(Math.PI / 6 * Math.Pow(blob.DiameterMm, 3), blob.VolumeMm3, 9);
        Assert.Null(blob.ClassifierLogit);
    }

    [Fact]
    public void Without_a_first_look_keeps_every_blob_apart_from_the_detector()
    {
        var grid = VolumeGeometry.Axial(48, 40, 40, new Vector3D(0.75, 0.75, 0.75), new Vector3D(-18, -15, 100));
        var hu = new Volume<float>(grid);
        for (var z = 0; z < grid.SizeZ; z++)
        {
            for (var y = 0; y < grid.SizeY; y++)
            {
                for (var x = 0; x < grid.SizeX; x++)
                {
                    hu[x, y, z] = new[] { A, B, C }.Any(c => Distance(x, y, z, c) * 0.75 <= 2) ? 100 : -850;
                }
            }
        }

        var found = BlobCandidateFinder.Find(hu, new float[grid.VoxelCount], Lungs(grid), [], Settings with { MinimumProbability = 0 }, Window);

        Assert.Equal(3, found.Count);
        Assert.Equal([LungSide.Left, LungSide.Right, LungSide.Left], found.Select(f => f.Side));
    }

    private static double Distance(int x, int y, int z, (int X, int Y, int Z) c) =>
        Math.Sqrt(((x - c.X) * (x - c.X)) + ((y - c.Y) * (y - c.Y)) + ((z - c.Z) * (z - c.Z)));

    /// <summary>Lungs on a 3 mm grid over the same space: left for x below 0 mm, right above.</summary>
    private static LungMask Lungs(VolumeGeometry grid)
    {
        var coarse = VolumeGeometry.Axial(12, 10, 10, new Vector3D(3, 3, 3), grid.Origin);
        var labels = new Volume<byte>(coarse);
        for (var z = 0; z < coarse.SizeZ; z++)
        {
            for (var y = 0; y < coarse.SizeY; y++)
            {
                for (var x = 0; x < coarse.SizeX; x++)
                {
                    labels[x, y, z] = coarse.VoxelToPatient(x, y, z).X < 0 ? LungMask.Left : LungMask.Right;
                }
            }
        }

        return new LungMask(labels);
    }

    private static NoduleFinding Finding(Vector3D centre) =>
        new(centre, Vector3D.Zero, new BoundingBox(0, 0, 0, 0, 0, 0, centre, centre), 4, 4, 33.5, 100, LungSide.Right, 0.5, 0.9, 0.5, 1);
}
