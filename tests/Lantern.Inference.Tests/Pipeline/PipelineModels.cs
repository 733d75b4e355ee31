using System.Text.Json;
using System.Text.Json.Nodes;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Pipeline;

/// <summary>
/// A models folder for the pipeline made of the tiny pointwise model (probabilities = sigmoid(1.5·x + 0.25) and
/// sigmoid(−0.75·x + 0.5) of the normalised input x, per voxel), so every probability is known in advance. With
/// the window [−1000, 400] HU: the first channel is the larger from −844 HU up ("left-lung" in the lung
/// manifest, the rest "right-lung"), and reaches the nodule threshold 0.8 from 61 HU up. On request the nodule
/// model has a candidate classifier whose logit is the mean of its 4³ cube (cube_mean.onnx), averaged over the mirrors
/// of the cube given, and with a second model (a copy of cube_mean.onnx) on request (the more looks only for cubes whose
/// first logit reaches moreLooksFromLogit, where given), and a candidate score of that logit alone, and on request blob
/// candidates too (one scale of 1 mm, no first look, scored by the same logit).
/// </summary>
internal sealed class PipelineModels : IDisposable
{
    public const double NoduleThreshold = 0.8;

    public PipelineModels(double? lungThreshold = null, bool candidateClassifier = false, bool blobCandidates = false, string[]? classifierFlips = null, bool secondClassifier = false, double? moreLooksFromLogit = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("lantern-pipeline-models-").FullName;
        Write("lung-segmentation", [4.0, 4.0, 4.0], [8, 8, 8], ["left-lung", "right-lung"],
            lungThreshold is { } t ? new JsonObject { ["left-lung"] = t, ["right-lung"] = t } : []);
        var nodules = Write("nodule-detection", [1.0, 1.0, 1.0], [16, 16, 16], ["nodule", "other"], new JsonObject { ["nodule"] = NoduleThreshold });
        if (candidateClassifier)
        {
            File.Copy(TestModels.Path("cube_mean.onnx"), Path.Combine(nodules.Folder, "classifier.onnx"));
            nodules.Manifest["candidateClassifier"] = new JsonObject
            {
                ["model"] = "classifier.onnx",
                ["patchSize"] = new JsonArray(4, 4, 4),
                ["input"] = "image",
                ["output"] = "logit",
                ["batchSize"] = 1,
            };
            if (classifierFlips is not null)
            {
                nodules.Manifest["candidateClassifier"]!["flips"] = new JsonArray([.. classifierFlips.Select(f => JsonValue.Create(f))]);
            }

            if (secondClassifier)
            {
                File.Copy(TestModels.Path("cube_mean.onnx"), Path.Combine(nodules.Folder, "classifier-2.onnx"));
                nodules.Manifest["candidateClassifier"]!["moreModels"] = new JsonArray("classifier-2.onnx");
            }

            if (moreLooksFromLogit is { } least)
            {
                nodules.Manifest["candidateClassifier"]!["moreLooksFromLogit"] = least;
            }

            nodules.Manifest["candidateScore"] = new JsonObject { ["bias"] = 0.0, ["weights"] = new JsonObject { ["classifierLogit"] = 1.0 } };
            if (blobCandidates)
            {
                nodules.Manifest["blobCandidates"] = new JsonObject
                {
                    ["sigmasMm"] = new JsonArray(1.0),
                    ["minimumDot"] = 20.0,
                    ["peakWindow"] = 5,
                    ["laplacianLimit"] = -60.0,
                    ["lungMarginMm"] = 3.0,
                    ["minimumProbability"] = 0.0,
                    ["distinctMm"] = 5.0,
                    ["score"] = new JsonObject { ["bias"] = 0.0, ["weights"] = new JsonObject { ["classifierLogit"] = 1.0 } },
                };
            }

            Save(nodules.Folder, nodules.Manifest);
        }
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void Save(string folder, JsonObject manifest) =>
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private (string Folder, JsonObject Manifest) Write(string name, double[] spacing, int[] patch, string[] labels, JsonObject thresholds)
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;
        File.Copy(TestModels.Path("pointwise.onnx"), Path.Combine(folder, "model.onnx"));
        var manifest = new JsonObject
        {
            ["name"] = name,
            ["version"] = "0.0.1-test",
            ["model"] = "model.onnx",
            ["opset"] = 13,
            ["input"] = new JsonObject { ["name"] = "image", ["layout"] = "NCDHW" },
            ["output"] = new JsonObject { ["name"] = "probabilities", ["activation"] = "none" },
            ["spacingMm"] = new JsonArray([.. spacing.Select(s => JsonValue.Create(s))]),
            ["patchSize"] = new JsonArray([.. patch.Select(p => JsonValue.Create(p))]),
            ["overlap"] = 0.25,
            ["intensity"] = new JsonObject { ["window"] = new JsonArray(-1000.0, 400.0), ["normalization"] = "window" },
            ["labels"] = new JsonArray([.. labels.Select(l => JsonValue.Create(l))]),
            ["thresholds"] = thresholds,
            ["batchSize"] = 2,
        };
        Save(folder, manifest);
        return (folder, manifest);
    }
}
