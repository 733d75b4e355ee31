using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.Onnx;
using Lantern.Inference.SlidingWindow;
using Microsoft.Extensions.Logging;

namespace Lantern.Inference.Pipeline;

/// <summary>One model of the pipeline: its manifest, its session and the sliding window over it.</summary>
internal sealed class PatchModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SlidingWindowInference _window;

    public PatchModel(OnnxRuntime runtime, ModelManifest manifest, ILogger logger)
    {
        Manifest = manifest;
        _session = runtime.OpenSession(manifest.ModelPath);
        try
        {
            _window = new SlidingWindowInference(_session, SlidingWindowOptions.FromManifest(manifest), logger);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        Spacing = new Vector3D(manifest.SpacingMm[0], manifest.SpacingMm[1], manifest.SpacingMm[2]);
    }

    public ModelManifest Manifest { get; }

    public ExecutionProvider Provider => _session.Provider;

    /// <summary>The voxel spacing the model sees, mm.</summary>
    public Vector3D Spacing { get; }

    /// <summary>
    /// Probabilities of each label over the grid of <paramref name="hounsfield"/> (already on the model's
    /// spacing): [channels, z, y, x]. The input is normalised into a buffer of its own, so
    /// <paramref name="hounsfield"/> keeps its values. Only the patches <paramref name="needed"/> accepts are
    /// run (see <see cref="SlidingWindowInference.Run"/>).
    /// </summary>
    public float[] Predict(Volume<float> hounsfield, Func<PatchStart, GridSize, bool>? needed, CancellationToken cancellationToken)
    {
        var g = hounsfield.Geometry;
        var voxels = hounsfield.Voxels.Length;
        var input = GC.AllocateUninitializedArray<float>(voxels);
        Manifest.Intensity.Normalize(hounsfield.Voxels, input);
        var channels = Manifest.Labels.Count;
        var output = GC.AllocateUninitializedArray<float>(checked(channels * voxels));
        _window.Run(input, new GridSize(g.SizeX, g.SizeY, g.SizeZ), output, needed, cancellationToken);
        OutputActivations.Apply(output, channels, voxels, Manifest.Output.Activation);
        return output;
    }

    public void Dispose() => _session.Dispose();
}
