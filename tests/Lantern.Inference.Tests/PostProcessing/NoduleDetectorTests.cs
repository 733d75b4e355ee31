using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class NoduleDetectorTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Detect_TwoBlobs_TwoFindingsByScoreWithExactVolumesCentresAndBoxes()
    {
        var grid = VolumeGeometry.Axial(12, 8, 6, new Vector3D(1, 1, 1), new Vector3D(-100, 20, 300));
        var probability = new float[grid.VoxelCount];
        var hu = new Volume<short>(grid);
        Box(probability, grid, 1, 3, 1, 3, 1, 3, 0.8f);
        Box(hu.Voxels, grid, 1, 3, 1, 3, 1, 3, (short)40);
        Box(probability, grid, 8, 9, 4, 5, 2, 3, 0.9f);
        Box(hu.Voxels, grid, 8, 9, 4, 5, 2, 3, (short)-500);

        var findings = NoduleDetector.Detect(probability, 0.5, hu, Lungs(grid, LungMask.Left));

        Assert.Equal(2, findings.Count);
        var small = findings[0];
        Assert.Equal(0.9, small.Score, 6);
        Assert.Equal(8, small.VolumeMm3, Tolerance);
        AssertClose(new Vector3D(8.5, 4.5, 2.5), small.CenterVoxel);
        AssertClose(new Vector3D(-91.5, 24.5, 302.5), small.CenterMm);
        Assert.Equal(-500, small.MeanHu, Tolerance);
        var large = findings[1];
        Assert.Equal(0.8, large.Score, 6);
        Assert.Equal(27, large.VolumeMm3, Tolerance);
        Assert.Equal(Math.Cbrt(6 * 27 / Math.PI), large.EquivalentDiameterMm, Tolerance);
        AssertClose(new Vector3D(2, 2, 2), large.CenterVoxel);
        AssertClose(new Vector3D(-98, 22, 302), large.CenterMm);
        Assert.Equal(40, large.MeanHu, Tolerance);
        Assert.Equal(LungSide.Left, large.Side);
        Assert.Equal(new BoundingBox(1, 1, 1, 3, 3, 3, new Vector3D(-99.5, 20.5, 300.5), new Vector3D(-96.5, 23.5, 303.5)), large.BoundingBox);
        // Farthest centres: opposite corners, √12 mm apart; one voxel spans √3 mm along that diagonal: 3√3 in all.
        Assert.Equal(3 * Math.Sqrt(3), large.DiameterMm, Tolerance);
    }

    [Fact]
    public void Detect_AnisotropicSpacing_MillimetreFiguresFollowTheSpacing()
    {
        var grid = VolumeGeometry.Axial(6, 6, 6, new Vector3D(0.5, 0.5, 2), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 1, 3, 1, 3, 1, 3, 0.7f);

        var finding = Assert.Single(NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Right)));

        Assert.Equal(27 * 0.5, finding.VolumeMm3, Tolerance);
        AssertClose(new Vector3D(1, 1, 4), finding.CenterMm);
        Assert.Equal(new Vector3D(1.5, 1.5, 6), finding.BoundingBox.SizeMm);
        // Corner centres differ by (1, 1, 4) mm, √18 apart; a voxel spans (0.5 + 0.5 + 8) / √18 along that line.
        Assert.Equal((18 + 9) / Math.Sqrt(18), finding.DiameterMm, Tolerance);
        Assert.Equal(LungSide.Right, finding.Side);
    }

    [Fact]
    public void Detect_UnequalProbabilities_CentreIsProbabilityWeightedAndScoreTheLargest()
    {
        var grid = VolumeGeometry.Axial(5, 3, 3, new Vector3D(1, 1, 1), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 1, 2, 1, 1, 1, 1, 0.5f);
        Box(probability, grid, 3, 3, 1, 1, 1, 1, 1f);

        var finding = Assert.Single(NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep()));

        AssertClose(new Vector3D((1 * 0.5 + 2 * 0.5 + 3) / 2, 1, 1), finding.CenterVoxel);
        Assert.Equal(1.0, finding.Score);
        Assert.Equal(3, finding.DiameterMm, Tolerance);
    }

    [Fact]
    public void Detect_CoreInsideARing_MergesIntoOneFindingWithTheCoresScore()
    {
        var grid = VolumeGeometry.Axial(9, 9, 3, new Vector3D(1, 1, 1), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 1, 7, 1, 7, 1, 1, 0.6f);
        Box(probability, grid, 2, 6, 2, 6, 1, 1, 0f);
        Box(probability, grid, 4, 4, 4, 4, 1, 1, 0.95f);
        var hu = new Volume<short>(grid);

        var merged = NoduleDetector.Detect(probability, 0.5, hu, Lungs(grid, LungMask.Left));
        var separate = NoduleDetector.Detect(probability, 0.5, hu, Lungs(grid, LungMask.Left), new NoduleDetectionOptions { MergeDistanceFactor = 0, MinimumDiameterMm = 0 });

        var finding = Assert.Single(merged);
        Assert.Equal(0.95, finding.Score, 6);
        Assert.Equal(25, finding.VolumeMm3, Tolerance);
        AssertClose(new Vector3D(4, 4, 1), finding.CenterVoxel);
        Assert.Equal(new BoundingBox(1, 1, 1, 7, 7, 1, new Vector3D(0.5, 0.5, 0.5), new Vector3D(7.5, 7.5, 1.5)), finding.BoundingBox);
        Assert.Equal(2, separate.Count);
        Assert.Equal([0.95, 0.6], separate.Select(f => Math.Round(f.Score, 6)));
    }

    [Fact]
    public void Detect_SpeckInsideALargeRingScoringHigher_MergesIntoTheRing()
    {
        // 1 cm voxels: the ring's equivalent radius (18 mm) puts it among the large leaders of the merge index.
        var grid = VolumeGeometry.Axial(9, 9, 3, new Vector3D(10, 10, 10), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 1, 7, 1, 7, 1, 1, 0.9f);
        Box(probability, grid, 2, 6, 2, 6, 1, 1, 0f);
        Box(probability, grid, 4, 4, 4, 4, 1, 1, 0.6f);

        var finding = Assert.Single(NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Right)));

        Assert.Equal(0.9, finding.Score, 6);
        Assert.Equal(25_000, finding.VolumeMm3, Tolerance);
    }

    [Fact]
    public void Detect_ComponentSmallerThanTheMinimumDiameter_Dropped()
    {
        var grid = VolumeGeometry.Axial(8, 4, 4, new Vector3D(1, 1, 1), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 0, 0, 0, 0, 0, 0, 0.9f);
        Box(probability, grid, 4, 5, 1, 2, 1, 2, 0.6f);

        var findings = NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Left));

        // One voxel is a sphere of 1.24 mm, eight are one of 2.48 mm; the minimum is 2 mm.
        Assert.Equal(8, Assert.Single(findings).VolumeMm3, Tolerance);
    }

    [Fact]
    public void Detect_CandidatesOutsideTheLungs_KeptWithinTheMarginOrWhenPartlyInside()
    {
        var grid = VolumeGeometry.Axial(30, 5, 5, new Vector3D(1, 1, 1), Vector3D.Zero);
        var lungLabels = new byte[grid.VoxelCount];
        Box(lungLabels, grid, 0, 9, 0, 4, 0, 4, LungMask.Right);
        var lungs = new LungMask(new Volume<byte>(grid, lungLabels));
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 8, 11, 1, 2, 1, 2, 0.9f);
        Box(probability, grid, 13, 14, 1, 2, 1, 2, 0.8f);
        Box(probability, grid, 24, 25, 1, 2, 1, 2, 0.7f);

        var findings = NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), lungs, Keep());

        // Partly inside (x 8-11); wholly outside, its centre 4.56 mm from the nearest lung voxel (x 13-14); 15.5 mm (x 24-25).
        Assert.Equal([0.9, 0.8], findings.Select(f => Math.Round(f.Score, 6)));
        Assert.All(findings, f => Assert.Equal(LungSide.Right, f.Side));
    }

    [Fact]
    public void Detect_LungMaskOnACoarserGrid_SideFromThePatientPosition()
    {
        var grid = VolumeGeometry.Axial(8, 4, 4, new Vector3D(1, 1, 1), Vector3D.Zero);
        var coarse = VolumeGeometry.Axial(4, 2, 2, new Vector3D(2, 2, 2), new Vector3D(0.5, 0.5, 0.5));
        var lungLabels = new byte[coarse.VoxelCount];
        Box(lungLabels, coarse, 0, 1, 0, 1, 0, 1, LungMask.Right);
        Box(lungLabels, coarse, 2, 3, 0, 1, 0, 1, LungMask.Left);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 0, 1, 1, 2, 1, 2, 0.9f);
        Box(probability, grid, 5, 6, 1, 2, 1, 2, 0.8f);

        var findings = NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), new LungMask(new Volume<byte>(coarse, lungLabels)), Keep());

        Assert.Equal([LungSide.Right, LungSide.Left], findings.Select(f => f.Side));
    }

    [Fact]
    public void Detect_ModelOutput_UsesTheManifestsChannelAndThreshold()
    {
        var grid = VolumeGeometry.Axial(6, 3, 3, new Vector3D(1, 1, 1), Vector3D.Zero);
        var voxels = (int)grid.VoxelCount;
        var output = new float[2 * voxels];
        output.AsSpan(0, voxels).Fill(1);
        var nodule = output.AsSpan(voxels, voxels);
        Box(nodule, grid, 1, 1, 1, 1, 1, 1, 0.65f);
        Box(nodule, grid, 4, 4, 1, 1, 1, 1, 0.55f);
        var manifest = TestManifests.With(["background", "nodule"], new() { ["nodule"] = 0.6 });

        var findings = NoduleDetector.Detect(output, manifest, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep());

        AssertClose(new Vector3D(1, 1, 1), Assert.Single(findings).CenterVoxel);
    }

    [Fact]
    public void Detect_ManifestWithoutANoduleThreshold_ThrowsModelManifestException()
    {
        var grid = VolumeGeometry.Axial(2, 1, 1, new Vector3D(1, 1, 1), Vector3D.Zero);

        var error = Assert.Throws<ModelManifestException>(() =>
            NoduleDetector.Detect(new float[4], TestManifests.With(["background", "nodule"]), new Volume<short>(grid), Lungs(grid, LungMask.Left)));

        Assert.Contains("no threshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_IrregularComponent_LongAxisMatchesEveryPairOfVoxels()
    {
        // A ball with a rod through it, on an anisotropic grid: concave, so many run ends are not on the hull.
        var grid = VolumeGeometry.Axial(30, 24, 16, new Vector3D(0.7, 0.6, 1.25), new Vector3D(10, -20, 5));
        var probability = new float[grid.VoxelCount];
        var voxels = new List<Vector3D>();
        for (var z = 0; z < grid.SizeZ; z++)
        {
            for (var y = 0; y < grid.SizeY; y++)
            {
                for (var x = 0; x < grid.SizeX; x++)
                {
                    var ball = Square((x - 12) * 0.7) + Square((y - 11) * 0.6) + Square((z - 8) * 1.25) <= Square(6.5);
                    var rod = Math.Abs(y - 4 - (x / 3)) <= 1 && Math.Abs(z - 3 - (x / 5)) <= 1 && x >= 2 && x <= 28;
                    if (ball || rod)
                    {
                        probability[x + (grid.SizeX * (y + (grid.SizeY * z)))] = 0.9f;
                        voxels.Add(grid.VoxelToPatient(x, y, z));
                    }
                }
            }
        }

        var finding = Assert.Single(NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep()));

        var farthest = 0.0;
        var width = 0.0;
        for (var i = 0; i < voxels.Count; i++)
        {
            for (var j = i + 1; j < voxels.Count; j++)
            {
                var d = voxels[j] - voxels[i];
                var squared = Vector3D.Dot(d, d);
                var u = d / Math.Sqrt(squared);
                var across = Math.Abs(u.X * 0.7) + Math.Abs(u.Y * 0.6) + Math.Abs(u.Z * 1.25);
                if (squared > farthest * (1 + 1e-12))
                {
                    (farthest, width) = (squared, across);
                }
                else if (squared >= farthest * (1 - 1e-12))
                {
                    width = Math.Max(width, across);
                }
            }
        }

        var box = finding.BoundingBox.SizeMm;
        Assert.Equal(Math.Max(Math.Sqrt(farthest) + width, Math.Max(box.X, Math.Max(box.Y, box.Z))), finding.DiameterMm, Tolerance);
    }

    [Fact]
    public void Detect_ComponentFillingALargeGrid_LongAxisIsTheBoxDiagonalPlusAVoxel()
    {
        // 300 × 300 × 200 voxels: 60,000 rows, whose ends compared pairwise would take minutes.
        var grid = VolumeGeometry.Axial(300, 300, 200, new Vector3D(1, 1, 1), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        probability.AsSpan().Fill(0.9f);

        var finding = Assert.Single(NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep()));

        var diagonal = Math.Sqrt((299.0 * 299) + (299.0 * 299) + (199.0 * 199));
        Assert.Equal(diagonal + ((299.0 + 299 + 199) / diagonal), finding.DiameterMm, 1e-6);
    }

    private static double Square(double value) => value * value;

    [Fact]
    public void Detect_SameInputTwice_SameFindings()
    {
        var grid = VolumeGeometry.Axial(16, 16, 8, new Vector3D(0.7, 0.7, 1.5), Vector3D.Zero);
        var random = new Random(7);
        var probability = new float[grid.VoxelCount];
        for (var i = 0; i < probability.Length; i++)
        {
            probability[i] = random.NextSingle();
        }

        var first = NoduleDetector.Detect(probability, 0.8, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep());
        var second = NoduleDetector.Detect(probability, 0.8, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep());

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.Equal(first.OrderByDescending(f => f.Score).Select(f => f.Score), first.Select(f => f.Score));
    }

    [Fact]
    public void Detect_HalfOutsideTheLungs_LungFractionAndMeanProbabilityMeasured()
    {
        var grid = VolumeGeometry.Axial(8, 4, 4, new Vector3D(1, 1, 1), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 2, 3, 1, 2, 1, 2, 0.6f);
        Box(probability, grid, 4, 5, 1, 2, 1, 2, 1.0f);
        var labels = new byte[grid.VoxelCount];
        Box(labels, grid, 0, 3, 0, 3, 0, 3, LungMask.Left);

        var finding = Assert.Single(NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), new LungMask(new Volume<byte>(grid, labels)), Keep()));

        Assert.Equal(0.5, finding.LungFraction, Tolerance);
        Assert.Equal(0.8, finding.MeanProbability, 6);
        Assert.Equal(1.0, finding.PeakProbability, 6);
        Assert.Equal(finding.PeakProbability, finding.Score);
    }

    [Fact]
    public void Detect_WithScoring_ScoresByTheWeightsAndSortsByTheNewScore()
    {
        // The elongated candidate has the higher peak; a weight against elongation puts the compact one first.
        var grid = VolumeGeometry.Axial(16, 8, 8, new Vector3D(1, 1, 1), Vector3D.Zero);
        var probability = new float[grid.VoxelCount];
        Box(probability, grid, 1, 10, 1, 1, 1, 1, 0.95f);
        Box(probability, grid, 12, 14, 4, 6, 4, 6, 0.7f);
        var scoring = new CandidateScoring { Bias = 1, Weights = new Dictionary<string, double> { ["elongation"] = -2 } };

        var findings = NoduleDetector.Detect(probability, 0.5, new Volume<short>(grid), Lungs(grid, LungMask.Left), Keep(), scoring);

        Assert.Equal(2, findings.Count);
        Assert.Equal(0.7, findings[0].PeakProbability, 6);
        Assert.Equal(0.95, findings[1].PeakProbability, 6);
        foreach (var finding in findings)
        {
            var elongation = finding.DiameterMm / finding.EquivalentDiameterMm;
            Assert.Equal(1 / (1 + Math.Exp(-(1 - (2 * elongation)))), finding.Score, 12);
        }
    }

    private static void AssertClose(Vector3D expected, Vector3D actual) =>
        Assert.True(Vector3D.MaxDifference(expected, actual) <= Tolerance, $"expected {expected}, got {actual}");

    /// <summary>Keeps every component, however small, apart and wherever it is, so a test sees each.</summary>
    private static NoduleDetectionOptions Keep() => new() { MinimumDiameterMm = 0, MergeDistanceFactor = 0 };

    private static LungMask Lungs(VolumeGeometry grid, byte side)
    {
        var labels = new byte[grid.VoxelCount];
        labels.AsSpan().Fill(side);
        return new LungMask(new Volume<byte>(grid, labels));
    }

    private static void Box<T>(Span<T> voxels, VolumeGeometry grid, int x0, int x1, int y0, int y1, int z0, int z1, T value)
    {
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    voxels[x + (grid.SizeX * (y + (grid.SizeY * z)))] = value;
                }
            }
        }
    }
}
