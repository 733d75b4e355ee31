using Lantern.Inference.Manifests;

namespace Lantern.Inference.Tests.PostProcessing;

/// <summary>Manifests that differ only in what post-processing reads: labels and thresholds.</summary>
internal static class TestManifests
{
    public static ModelManifest With(string[] labels, Dictionary<string, double>? thresholds = null) => new()
    {
        Name = "test-model",
        Version = "0.0.1",
        Model = "model.onnx",
        Opset = 17,
        Input = new ModelInput { Name = "image", Layout = ModelInput.ChannelFirst3D },
        Output = new ModelOutput { Name = "probabilities", Activation = OutputActivation.Softmax },
        SpacingMm = [1, 1, 1],
        PatchSize = [8, 8, 8],
        Overlap = 0.5,
        Intensity = new IntensityNormalization { Window = [-1000, 400], Method = NormalizationMethod.Window },
        Labels = labels,
        Thresholds = thresholds ?? [],
        BatchSize = 1,
    };
}
