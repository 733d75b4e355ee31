using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Pipeline;
using Lantern.Inference.PostProcessing;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Pipeline;

public sealed class ChestCtAnalyzerTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    // The pointwise model's nodule probability at the top of the window (x = 1): sigmoid(1.75).
    private const double NoduleScore = 0.8519528;

    [Fact]
    public void Analyze_TwoNodulesInTwoLungs_FindsEachAtItsCentreOnItsSide()
    {
        var analysis = fixture.Analysis;

        Assert.True(analysis.IsAnalysable, analysis.NotAnalysableReason);
        Assert.Equal(2, analysis.Findings.Count);
        var left = Assert.Single(analysis.Findings, f => f.Side == LungSide.Left);
        var right = Assert.Single(analysis.Findings, f => f.Side == LungSide.Right);
        Assert.InRange((left.CenterMm - TwoLungVolume.LeftNodule).Length, 0, 0.75);
        Assert.InRange((right.CenterMm - TwoLungVolume.RightNodule).Length, 0, 0.75);
        Assert.InRange(left.EquivalentDiameterMm, 2 * TwoLungVolume.LeftNoduleRadiusMm - 1.5, 2 * TwoLungVolume.LeftNoduleRadiusMm + 1);
        Assert.InRange(right.EquivalentDiameterMm, 2 * TwoLungVolume.RightNoduleRadiusMm - 1.5, 2 * TwoLungVolume.RightNoduleRadiusMm + 1);
        Assert.Equal(NoduleScore, left.Score, 1e-4);
        Assert.Equal(TwoLungVolume.NoduleHu, left.MeanHu, 60.0);
    }

    [Fact]
    public void Analyze_Volume_GridsFollowTheManifests()
    {
        var analysis = fixture.Analysis;

        Assert.Equal(TwoLungVolume.Grid(), analysis.CtGrid);
        Assert.Equal(TwoLungVolume.Grid().WithSpacing(new Vector3D(4, 4, 4)), analysis.LungGrid);
        var nodules = analysis.NoduleGrid!;
        Assert.Equal(new Vector3D(1, 1, 1), nodules.Spacing);
        Assert.Equal(TwoLungVolume.Grid().Origin, nodules.Origin);
        Assert.Equal(ExecutionProvider.Cpu, analysis.NoduleProvider);
    }

    [Fact]
    public void Analyze_LungMaskOnCtGrid_LeftHalfLeftRightHalfRight()
    {
        var mask = fixture.Analysis.LungMask!;
        var g = mask.Geometry;

        Assert.Equal(TwoLungVolume.Grid(), g);
        for (var z = 0; z < g.SizeZ; z++)
        {
            for (var y = 0; y < g.SizeY; y++)
            {
                Assert.Equal(LungMask.Left, mask.Labels[g.SizeX - 8, y, z]);
                Assert.Equal(LungMask.Right, mask.Labels[8, y, z]);
            }
        }
    }

    [Fact]
    public void Analyze_LungMaskOnCtGrid_SlicesBeyondTheLungGridCopyTheLastCoveredSlice()
    {
        var analysis = fixture.Analysis;
        var ct = analysis.CtGrid!;

        // 15 lung slices 4 mm apart cover 56 mm: CT slices 0..37 (1.5 mm apart); 38 and 39 lie beyond.
        Assert.Equal(15, analysis.LungGrid!.SizeZ);
        var lastCovered = (int)Math.Floor((analysis.LungGrid.SizeZ - 1) * 4 / ct.Spacing.Z + 1e-9);
        Assert.Equal(37, lastCovered);
        var mask = analysis.LungMask!.Labels;
        Assert.Equal(mask.GetSlice(lastCovered).ToArray(), mask.GetSlice(ct.SizeZ - 1).ToArray());
        Assert.Contains(LungMask.Left, mask.GetSlice(ct.SizeZ - 1).ToArray());
    }

    [Fact]
    public void Analyze_NoduleMaskOnCtGrid_OnesInTheNodulesOnly()
    {
        var mask = fixture.Analysis.NoduleMask!;
        var g = mask.Geometry;
        Volume<short> volume = TwoLungVolume.Create();
        long inside = 0, outside = 0;
        for (var i = 0; i < mask.Voxels.Length; i++)
        {
            var isNodule = volume.Voxels[i] == TwoLungVolume.NoduleHu;
            inside += isNodule && mask.Voxels[i] == 1 ? 1 : 0;
            outside += !isNodule && mask.Voxels[i] == 1 ? 1 : 0;
        }

        var nodules = volume.Voxels.Count(v => v == TwoLungVolume.NoduleHu);
        Assert.Equal(TwoLungVolume.Grid(), g);
        Assert.InRange(inside, nodules * 0.7, nodules);
        Assert.InRange(outside, 0, nodules * 0.2);
    }

    [Fact]
    public void Analyze_SeriesFolder_SameFindingsAsTheVolumeInMemory()
    {
        using var directory = new TempFolder();
        new CtSeriesWriter().Write(TwoLungVolume.Create(), directory.Path);

        var analysis = fixture.Analyzer.Analyze(directory.Path);

        Assert.True(analysis.IsAnalysable, analysis.NotAnalysableReason);
        Assert.Null(analysis.LungMask);
        Assert.Equal(fixture.Analysis.Findings.Count, analysis.Findings.Count);
        for (var i = 0; i < analysis.Findings.Count; i++)
        {
            Assert.InRange((analysis.Findings[i].CenterMm - fixture.Analysis.Findings[i].CenterMm).Length, 0, 1e-3);
            Assert.Equal(fixture.Analysis.Findings[i].Side, analysis.Findings[i].Side);
        }
    }

    [Fact]
    public void Analyze_MrSeries_NotAnalysableNotCt()
    {
        var analysis = AnalyzeSeries(new CtSeriesWriter { Modality = "MR", SopClassUid = Lantern.Dicom.Data.DicomUid.MRImageStorage.Value });

        Assert.False(analysis.IsAnalysable);
        Assert.Contains("not CT", analysis.NotAnalysableReason, StringComparison.Ordinal);
        Assert.Empty(analysis.Findings);
    }

    [Fact]
    public void Analyze_Localizer_NotAnalysableLocalizer()
    {
        var analysis = AnalyzeSeries(new CtSeriesWriter { ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"] });

        Assert.False(analysis.IsAnalysable);
        Assert.Contains("localizer", analysis.NotAnalysableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_SlicesOfTwoPixelSpacings_NotAnalysableInconsistentGeometry()
    {
        var analysis = AnalyzeSeries(new CtSeriesWriter { PixelSpacingOf = k => k == 5 ? (0.9, 1.0) : (1.0, 1.0) });

        Assert.False(analysis.IsAnalysable);
        Assert.Contains("pixel spacing", analysis.NotAnalysableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ThreeSlices_NotAnalysableTooFewForTheLungModel()
    {
        var analysis = AnalyzeSeries(new CtSeriesWriter(), TwoLungVolume.Create(slices: 3));

        Assert.False(analysis.IsAnalysable);
        Assert.Equal(
            "the series spans 3 mm along z (slices) (3 voxels 1.5 mm apart); the lung model (lung-segmentation) needs at least 12 mm (4 voxels of 4 mm)",
            analysis.NotAnalysableReason);
    }

    [Fact]
    public void Analyze_EmptyFolder_NotAnalysableNoImages()
    {
        using var directory = new TempFolder();

        var analysis = fixture.Analyzer.Analyze(directory.Path);

        Assert.Equal("the folder holds no readable DICOM image", analysis.NotAnalysableReason);
    }

    [Fact]
    public void Analyze_MissingFolder_Throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => fixture.Analyzer.Analyze(Path.Combine(Path.GetTempPath(), $"lantern-missing-{Guid.NewGuid():N}")));
    }

    [Fact]
    public void Analyze_NoVoxelReachesTheLungThresholds_NotAnalysableNoLung()
    {
        using var models = new PipelineModels(lungThreshold: 0.99);
        using var runtime = TestModels.CpuRuntime();
        using var analyzer = ChestCtAnalyzer.Open(models.Directory, runtime);

        var analysis = analyzer.Analyze(TwoLungVolume.Create());

        Assert.Equal("the lung model (lung-segmentation 0.0.1-test) found no lung in the series", analysis.NotAnalysableReason);
        Assert.Null(analysis.NoduleGrid);
    }

    [Fact]
    public void Analyze_NoduleModelWithCandidateClassifier_ScoresEachFindingByTheLogitOfItsCube()
    {
        using var models = new PipelineModels(candidateClassifier: true);
        using var runtime = TestModels.CpuRuntime();
        using var analyzer = ChestCtAnalyzer.Open(models.Directory, runtime);

        var analysis = analyzer.Analyze(TwoLungVolume.Create());

        Assert.Equal(2, analysis.Findings.Count);
        foreach (var finding in analysis.Findings)
        {
            // The cube (4 mm) lies inside the nodule (400 HU, the window's top: normalised 1); its mean is the logit.
            Assert.Equal(1.0, finding.ClassifierLogit!.Value, 0.02);
            Assert.Equal(1 / (1 + Math.Exp(-finding.ClassifierLogit.Value)), finding.Score, 9);
        }

        Assert.True(analysis.Findings[0].Score >= analysis.Findings[1].Score);
        Assert.Null(fixture.Analysis.Findings[0].ClassifierLogit);
    }

    [Fact]
    public void Cut_CubeOverhangingTheGrid_CopiesTheVoxelsInsideAndAirOutside()
    {
        var volume = new Volume<float>(VolumeGeometry.Axial(3, 3, 3, new Vector3D(1, 1, 1), Vector3D.Zero));
        for (var i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = i;
        }

        var cube = new float[4 * 4 * 4];
        CandidateClassifierModel.Cut(volume, new Vector3D(0.2, 1, 1.4), 4, 4, 4, -1000, cube);

        // The cube's centre is index 1.5 along each axis; the starts nearest 0.2 - 1.5, 1 - 1.5 and 1.4 - 1.5 are -1, 0 and 0.
        Assert.Equal(volume[0, 1, 1], cube[(((1 * 4) + 1) * 4) + 1]);
        Assert.Equal(volume[2, 0, 0], cube[(((0 * 4) + 0) * 4) + 3]);
        Assert.Equal(-1000, cube[0]);
        Assert.Equal(-1000, cube[(((3 * 4) + 1) * 4) + 1]);
        Assert.Equal(volume.Voxels.Length, cube.Count(v => v != -1000));
    }

    [Fact]
    public void Reflect_MirrorOfSomeAxes_ReversesThoseAxesOnly()
    {
        var cube = Enumerable.Range(0, 2 * 3 * 4).Select(i => (float)i).ToArray();
        var reflected = new float[cube.Length];

        CandidateClassifierModel.Reflect(cube, reflected, 2, 3, 4, new CandidateClassifierModel.Mirror(X: true, Y: false, Z: true));

        for (var z = 0; z < 4; z++)
        {
            for (var y = 0; y < 3; y++)
            {
                for (var x = 0; x < 2; x++)
                {
                    Assert.Equal(cube[(((3 - z) * 3) + y) * 2 + (1 - x)], reflected[((z * 3) + y) * 2 + x]);
                }
            }
        }
    }

    [Fact]
    public void Score_ClassifierWithFlips_AveragesTheLogitOverTheCubeAndEachMirror()
    {
        var scored = ScoreByCorner(secondClassifier: false, moreLooksFromLogit: null, new Vector3D(3.5, 3.5, 3.5));

        // The 4-voxel cube spans 2..5 on each axis; the model answers its first voxel. The cube's is (2, 2, 2), its
        // x-mirror's (5, 2, 2), its yz-mirror's (2, 5, 5).
        Assert.Equal((CornerLogit(2, 2, 2) + CornerLogit(5, 2, 2) + CornerLogit(2, 5, 5)) / 3, scored[0].ClassifierLogit!.Value, 5);
    }

    [Fact]
    public void Score_ClassifierWithMoreLooksFromLogit_MirrorsOnlyTheCubesWhoseFirstLogitReachesIt()
    {
        var scored = ScoreByCorner(secondClassifier: false, moreLooksFromLogit: 0.3, new Vector3D(3.5, 3.5, 3.5), new Vector3D(5.5, 5.5, 5.5));

        var low = Assert.Single(scored, f => f.CenterVoxel.X == 3.5);
        var high = Assert.Single(scored, f => f.CenterVoxel.X == 5.5);
        Assert.Equal(CornerLogit(2, 2, 2), low.ClassifierLogit!.Value, 5); // 0.21, below 0.3: the cube alone
        Assert.Equal((CornerLogit(4, 4, 4) + CornerLogit(7, 4, 4) + CornerLogit(4, 7, 7)) / 3, high.ClassifierLogit!.Value, 5);
    }

    [Fact]
    public void Score_ClassifierWithMoreModels_AveragesEveryModelOverEveryViewOfTheCubesWhoseFirstLogitReachesTheBound()
    {
        var scored = ScoreByCorner(secondClassifier: true, moreLooksFromLogit: 0.3, new Vector3D(3.5, 3.5, 3.5), new Vector3D(5.5, 5.5, 5.5));

        var low = Assert.Single(scored, f => f.CenterVoxel.X == 3.5);
        var high = Assert.Single(scored, f => f.CenterVoxel.X == 5.5);
        Assert.Equal(CornerLogit(2, 2, 2), low.ClassifierLogit!.Value, 5); // the first model alone
        // The second model answers the cube's mean, the same in every mirror: the value at the cube's centre (5.5, 5.5, 5.5).
        var corners = CornerLogit(4, 4, 4) + CornerLogit(7, 4, 4) + CornerLogit(4, 7, 7);
        Assert.Equal((corners + (3 * CornerLogit(5.5, 5.5, 5.5))) / 6, high.ClassifierLogit!.Value, 5);
    }

    // The normalised value of voxel (x, y, z) of ScoreByCorner's volume: -1000 + 2 * index HU in the window [-1000, 400].
    private static double CornerLogit(double x, double y, double z) => 2.0 * (x + (8 * y) + (64 * z)) / 1400;

    /// <summary>
    /// Findings at the given voxel centres of an 8³ volume scored by the classifier that answers its cube's first voxel,
    /// with flips x and yz, and, where asked, a second model that answers its cube's mean.
    /// </summary>
    private static IReadOnlyList<NoduleFinding> ScoreByCorner(bool secondClassifier, double? moreLooksFromLogit, params Vector3D[] centres)
    {
        using var models = new PipelineModels(candidateClassifier: true, classifierFlips: ["x", "yz"], secondClassifier: secondClassifier, moreLooksFromLogit: moreLooksFromLogit);
        File.Copy(TestModels.Path("cube_corner.onnx"), Path.Combine(models.Directory, ChestCtAnalyzer.NoduleModelFolder, "classifier.onnx"), overwrite: true);
        var manifest = Lantern.Inference.Manifests.ModelManifest.Load(Path.Combine(models.Directory, ChestCtAnalyzer.NoduleModelFolder));
        using var runtime = TestModels.CpuRuntime();
        using var classifier = new CandidateClassifierModel(runtime, manifest);
        var volume = new Volume<float>(VolumeGeometry.Axial(8, 8, 8, new Vector3D(1, 1, 1), Vector3D.Zero));
        for (var i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = -1000 + (2 * i);
        }

        return classifier.Score(
            [.. centres.Select(c => new NoduleFinding(c, c, new BoundingBox(0, 0, 0, 1, 1, 1, c, c), 2, 2, 8, 0, LungSide.Left, 0, 0.9, 0.9, 1))],
            volume,
            CancellationToken.None);
    }

    [Fact]
    public void Open_NoduleManifestWithoutNoduleLabel_ThrowsNamingTheLabel()
    {
        using var models = new PipelineModels();
        var manifest = Path.Combine(models.Directory, ChestCtAnalyzer.NoduleModelFolder, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"nodule\"", "\"lesion\"", StringComparison.Ordinal));
        using var runtime = TestModels.CpuRuntime();

        var e = Assert.Throws<Lantern.Inference.Manifests.ModelManifestException>(() => ChestCtAnalyzer.Open(models.Directory, runtime));

        Assert.Contains("no label 'nodule'", e.Message, StringComparison.Ordinal);
    }

    private ChestCtAnalysis AnalyzeSeries(CtSeriesWriter writer, Volume<short>? volume = null)
    {
        using var directory = new TempFolder();
        writer.Write(volume ?? TwoLungVolume.Create(), directory.Path);
        return fixture.Analyzer.Analyze(directory.Path);
    }
}
