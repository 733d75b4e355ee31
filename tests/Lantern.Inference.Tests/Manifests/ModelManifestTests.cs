using System.Text;
using Lantern.Inference.Manifests;
using Lantern.Inference.PostProcessing;
using Lantern.Inference.SlidingWindow;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Manifests;

public sealed class ModelManifestTests : IDisposable
{
    private const string Valid = """
        {
          "name": "lung-segmentation",
          "version": "0.1.0",
          "model": "model.onnx",
          "opset": 13,
          "input": { "name": "ct", "layout": "NCDHW" },
          "output": { "name": "logits", "activation": "softmax" },
          "spacingMm": [1.5, 1.5, 2.0],
          "patchSize": [96, 80, 64],
          "overlap": 0.5,
          "intensity": { "window": [-1000, 400], "normalization": "window" },
          "labels": ["background", "left lung", "right lung"],
          "thresholds": { "left lung": 0.5, "right lung": 0.4 },
          "batchSize": 2,
          "training": { "trainSeeds": [1, 40], "steps": 2000, "validationDice": 0.97 }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("lantern-manifest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_ModelFolder_ReadsEveryField()
    {
        Write(Valid, withModel: true);

        var manifest = ModelManifest.Load(_folder);

        Assert.Equal("lung-segmentation", manifest.Name);
        Assert.Equal("0.1.0", manifest.Version);
        Assert.Equal(Path.Combine(_folder, "model.onnx"), manifest.ModelPath);
        Assert.Equal(13, manifest.Opset);
        Assert.Equal(new ModelInput { Name = "ct", Layout = "NCDHW" }, manifest.Input);
        Assert.Equal(new ModelOutput { Name = "logits", Activation = OutputActivation.Softmax }, manifest.Output);
        Assert.Equal([1.5, 1.5, 2.0], manifest.SpacingMm);
        Assert.Equal(new GridSize(96, 80, 64), manifest.Patch);
        Assert.Equal(0.5, manifest.Overlap);
        Assert.Equal([-1000.0, 400.0], manifest.Intensity.Window);
        Assert.Equal(NormalizationMethod.Window, manifest.Intensity.Method);
        Assert.Equal(["background", "left lung", "right lung"], manifest.Labels);
        Assert.Equal(0.4, manifest.Thresholds["right lung"]);
        Assert.Equal(2, manifest.BatchSize);
        Assert.Equal(2000, manifest.Training!.Value.GetProperty("steps").GetInt32());
    }

    [Fact]
    public void Load_ManifestWithoutItsModelFile_ThrowsNamingTheMissingFile()
    {
        var path = Write(Valid, withModel: false);

        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(path));

        Assert.Contains(Path.Combine(_folder, "model.onnx"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FolderWithoutManifest_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(_folder));

        Assert.Contains(Path.Combine(_folder, "manifest.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoThresholds_ReadsAnEmptySet()
    {
        var manifest = Read(Valid.Replace("{ \"left lung\": 0.5, \"right lung\": 0.4 }", "{}"));

        Assert.Empty(manifest.Thresholds);
    }

    [Fact]
    public void Read_UnknownField_ThrowsNamingIt()
    {
        var error = Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("\"overlap\"", "\"overlapp\": 0.5, \"overlap\"")));

        Assert.Contains("overlapp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RequiredFieldMissing_ThrowsNamingIt()
    {
        var error = Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("\"opset\": 13,", "")));

        Assert.Contains("opset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownActivation_Throws()
    {
        Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("softmax", "relu")));
    }

    [Fact]
    public void Read_InconsistentValues_ListsEveryProblem()
    {
        var json = Valid
            .Replace("\"overlap\": 0.5", "\"overlap\": 1.5")
            .Replace("[96, 80, 64]", "[96, 0, 64]")
            .Replace("[-1000, 400]", "[400, -1000]")
            .Replace("\"right lung\": 0.4", "\"heart\": 0.4")
            .Replace("NCDHW", "NDHWC");

        var error = Assert.Throws<ModelManifestException>(() => Read(json));

        Assert.Contains("overlap 1.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("patchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("intensity.window", error.Message, StringComparison.Ordinal);
        Assert.Contains("'heart'", error.Message, StringComparison.Ordinal);
        Assert.Contains("NDHWC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CandidateScore_ReadsBiasAndWeights()
    {
        var manifest = Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"candidateScore\": { \"bias\": -1.5, \"weights\": { \"lungFraction\": 3, \"meanHu\": 0.001 } },"));

        Assert.Equal(-1.5, manifest.CandidateScore!.Bias);
        Assert.Equal(3, manifest.CandidateScore.Weights["lungFraction"]);
        Assert.Equal(0.001, manifest.CandidateScore.Weights["meanHu"]);
    }

    [Fact]
    public void Read_CandidateScoreWithUnknownFeature_ThrowsNamingIt()
    {
        var error = Assert.Throws<ModelManifestException>(() =>
            Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"candidateScore\": { \"bias\": 0, \"weights\": { \"roundness\": 1 } },")));

        Assert.Contains("'roundness'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FindingSuppression_ReadsItsDistances()
    {
        var manifest = Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"findingSuppression\": { \"distanceMm\": 10, \"longAxisFactor\": 1.5 },"));

        Assert.Equal(10, manifest.FindingSuppression!.DistanceMm);
        Assert.Equal(1.5, manifest.FindingSuppression.LongAxisFactor);
    }

    [Fact]
    public void Read_NegativeSuppressionDistance_ThrowsNamingIt()
    {
        var error = Assert.Throws<ModelManifestException>(() =>
            Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"findingSuppression\": { \"distanceMm\": -1, \"longAxisFactor\": 1 },")));

        Assert.Contains("findingSuppression.distanceMm", error.Message, StringComparison.Ordinal);
    }

    private const string Classifier = "\"candidateClassifier\": { \"model\": \"classifier.onnx\", \"patchSize\": [4, 4, 4], \"input\": \"image\", \"output\": \"logit\", \"batchSize\": 8 },";
    private const string ScoreOfClassifier = "\"candidateScore\": { \"bias\": 0, \"weights\": { \"classifierLogit\": 1 } },";

    [Fact]
    public void Load_CandidateClassifier_ReadsItAndFindsItsFile()
    {
        Write(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier + ScoreOfClassifier), withModel: true);
        File.Copy(TestModels.Path("cube_mean.onnx"), Path.Combine(_folder, "classifier.onnx"));

        var manifest = ModelManifest.Load(_folder);

        Assert.Equal([4, 4, 4], manifest.CandidateClassifier!.PatchSize);
        Assert.Equal(8, manifest.CandidateClassifier.BatchSize);
        Assert.Equal([Path.Combine(_folder, "classifier.onnx")], manifest.CandidateClassifierPaths);
    }

    [Fact]
    public void Load_CandidateClassifierWithMoreModels_FindsEachFirstModelFirstAndNamesAMissingOne()
    {
        Write(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier.Replace("\"batchSize\": 8", "\"batchSize\": 8, \"moreModels\": [\"second.onnx\"]") + ScoreOfClassifier), withModel: true);
        File.Copy(TestModels.Path("cube_mean.onnx"), Path.Combine(_folder, "classifier.onnx"));

        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(_folder));
        File.Copy(TestModels.Path("cube_mean.onnx"), Path.Combine(_folder, "second.onnx"));
        var manifest = ModelManifest.Load(_folder);

        Assert.Contains(Path.Combine(_folder, "second.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(_folder, "classifier.onnx"), Path.Combine(_folder, "second.onnx")], manifest.CandidateClassifierPaths);
    }

    [Fact]
    public void Read_CandidateClassifierNamingOneModelTwice_Throws()
    {
        var json = Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier.Replace("\"batchSize\": 8", "\"batchSize\": 8, \"moreModels\": [\"classifier.onnx\"]") + ScoreOfClassifier);

        var error = Assert.Throws<ModelManifestException>(() => Read(json));

        Assert.Contains("candidateClassifier names one model twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CandidateClassifierFileMissing_ThrowsNamingIt()
    {
        Write(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier + ScoreOfClassifier), withModel: true);

        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(_folder));

        Assert.Contains(Path.Combine(_folder, "classifier.onnx"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PatchMultiple_ReadsItAndOneThatDoesNotDivideThePatchThrows()
    {
        var manifest = Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"patchMultiple\": 4,"));

        var error = Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"patchMultiple\": 5,")));

        Assert.Equal(4, manifest.PatchMultiple);
        Assert.Contains("patchMultiple 5 must be at least 1 and divide each side of patchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CandidateClassifierThatNoScoreWeighs_Throws()
    {
        var error = Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier)));

        Assert.Contains("no candidateScore weighs its 'classifierLogit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ScoreWeighingAClassifierLogitWithoutClassifier_Throws()
    {
        var error = Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + ScoreOfClassifier)));

        Assert.Contains("'classifierLogit', which needs a candidateClassifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CandidateClassifierOfBadShape_ListsEachProblem()
    {
        var json = Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier.Replace("[4, 4, 4]", "[4, 4]").Replace("\"batchSize\": 8", "\"batchSize\": 0") + ScoreOfClassifier);

        var error = Assert.Throws<ModelManifestException>(() => Read(json));

        Assert.Contains("candidateClassifier.patchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("candidateClassifier.batchSize 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CandidateClassifierWithFlips_ReadsThemAndWithoutNone()
    {
        var flipped = Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier.Replace("\"batchSize\": 8", "\"batchSize\": 8, \"flips\": [\"x\", \"zy\"]") + ScoreOfClassifier));
        var plain = Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier + ScoreOfClassifier));

        Assert.Equal(["x", "zy"], flipped.CandidateClassifier!.Flips);
        Assert.Empty(plain.CandidateClassifier!.Flips);
    }

    [Fact]
    public void Read_CandidateClassifierWithBadFlips_ListsEachProblem()
    {
        var json = Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier.Replace("\"batchSize\": 8", "\"batchSize\": 8, \"flips\": [\"\", \"xw\", \"zz\", \"xz\", \"zx\"]") + ScoreOfClassifier);

        var error = Assert.Throws<ModelManifestException>(() => Read(json));

        Assert.Contains("candidateClassifier.flips '' must", error.Message, StringComparison.Ordinal);
        Assert.Contains("candidateClassifier.flips 'xw' must", error.Message, StringComparison.Ordinal);
        Assert.Contains("candidateClassifier.flips 'zz' must", error.Message, StringComparison.Ordinal);
        Assert.Contains("candidateClassifier.flips names one mirror twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MoreLooksFromLogitWithoutFlipsOrMoreModels_Throws()
    {
        var json = Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier.Replace("\"batchSize\": 8", "\"batchSize\": 8, \"moreLooksFromLogit\": -2") + ScoreOfClassifier);

        var error = Assert.Throws<ModelManifestException>(() => Read(json));

        Assert.Contains("candidateClassifier.moreLooksFromLogit -2 must be a finite number, and needs flips or moreModels", error.Message, StringComparison.Ordinal);
    }

    private const string Blobs = "\"blobCandidates\": { \"sigmasMm\": [0.9, 1.3], \"minimumDot\": 20, \"peakWindow\": 5, \"laplacianLimit\": -60, \"lungMarginMm\": 3, \"minimumProbability\": 0.0001, \"distinctMm\": 5, \"score\": { \"bias\": -5, \"weights\": { \"classifierLogit\": 1, \"logDot\": 0.5 } } },";

    [Fact]
    public void Read_BlobCandidates_ReadsThem()
    {
        var manifest = Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Classifier + ScoreOfClassifier + Blobs));

        var blobs = manifest.BlobCandidates!;
        Assert.Equal([0.9, 1.3], blobs.SigmasMm);
        Assert.Equal(0.0001, blobs.MinimumProbability);
        Assert.Equal(5, blobs.PeakWindow);
        Assert.Equal(5, blobs.DistinctMm);
        Assert.Equal(0.5, blobs.Score.Weights[CandidateScoring.LogDot]);
    }

    [Fact]
    public void Read_BlobCandidatesWithoutClassifierOrWithBadNumbers_ListsEachProblem()
    {
        var json = Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, " + Blobs.Replace("[0.9, 1.3]", "[0.9, -1]").Replace("0.0001", "2"));

        var error = Assert.Throws<ModelManifestException>(() => Read(json));

        Assert.Contains("sigmasMm", error.Message, StringComparison.Ordinal);
        Assert.Contains("minimumProbability 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("blobCandidates needs a candidateClassifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CandidateScoreWeighingTheDotMeasure_Throws()
    {
        var error = Assert.Throws<ModelManifestException>(() =>
            Read(Valid.Replace("\"batchSize\": 2,", "\"batchSize\": 2, \"candidateScore\": { \"bias\": 0, \"weights\": { \"logDot\": 1 } },")));

        Assert.Contains("'logDot', which only blobs have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZScoreWithoutStd_Throws()
    {
        var error = Assert.Throws<ModelManifestException>(() => Read(Valid.Replace("\"normalization\": \"window\"", "\"normalization\": \"zScore\", \"mean\": -500")));

        Assert.Contains("std", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1000f, 0f)]
    [InlineData(-3000f, 0f)]
    [InlineData(400f, 1f)]
    [InlineData(2000f, 1f)]
    [InlineData(-300f, 0.5f)]
    public void Normalize_Window_MapsTheWindowOntoZeroToOne(float hounsfield, float expected)
    {
        var intensity = new IntensityNormalization { Window = [-1000, 400], Method = NormalizationMethod.Window };

        Assert.Equal(expected, intensity.Normalize(hounsfield), 1e-6f);
    }

    [Fact]
    public void Normalize_ZScoreSpan_ClipsThenStandardisesLikeTheScalarForm()
    {
        var intensity = new IntensityNormalization { Window = [-1000, 1000], Method = NormalizationMethod.ZScore, Mean = -200, Std = 400 };
        float[] hounsfield = [-2000, -1000, -200, 0, 200, 1500];
        var normalised = new float[hounsfield.Length];

        intensity.Normalize(hounsfield, normalised);

        Assert.Equal(-2f, normalised[0], 1e-6f);
        Assert.Equal(0f, normalised[2], 1e-6f);
        Assert.Equal(3f, normalised[5], 1e-6f);
        Assert.All(Enumerable.Range(0, hounsfield.Length), i => Assert.Equal(intensity.Normalize(hounsfield[i]), normalised[i], 1e-6f));
    }

    [Fact]
    public void FromManifest_Manifest_TakesPatchOverlapBatchNamesAndChannels()
    {
        var options = SlidingWindowOptions.FromManifest(Read(Valid));

        Assert.Equal("ct", options.InputName);
        Assert.Equal("logits", options.OutputName);
        Assert.Equal(new GridSize(96, 80, 64), options.PatchSize);
        Assert.Equal(3, options.Channels);
        Assert.Equal(0.5, options.Overlap);
        Assert.Equal(2, options.BatchSize);
        Assert.Equal(0f, options.PaddingValue);
    }

    private static ModelManifest Read(string json) => ModelManifest.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test manifest");

    private string Write(string json, bool withModel)
    {
        var path = Path.Combine(_folder, ModelManifest.FileName);
        File.WriteAllText(path, json);
        if (withModel)
        {
            File.Copy(TestModels.Path("pointwise.onnx"), Path.Combine(_folder, "model.onnx"));
        }

        return path;
    }
}
