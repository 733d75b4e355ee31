using Lantern.Inference.Onnx;
using Microsoft.Extensions.Logging;

namespace Lantern.Inference;

/// <summary>Events of Lantern.Inference, ids 3000–3099. Model names and shapes only: never patient data.</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(3000, LogLevel.Information, "ONNX Runtime {Version} loaded from {Path}")]
    public static partial void LibraryLoaded(ILogger logger, string version, string path);

    [LoggerMessage(3001, LogLevel.Information, "Execution provider {Provider} is not available, trying the next: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, ExecutionProvider provider, string reason);

    [LoggerMessage(3002, LogLevel.Information, "Model {Model} runs on {Provider} (optimisation {OptimizationLevel}, intra-op threads {IntraOpThreads}, inter-op threads {InterOpThreads})")]
    public static partial void SessionOpened(ILogger logger, string model, ExecutionProvider provider, GraphOptimizationLevel optimizationLevel, int intraOpThreads, int interOpThreads);

    [LoggerMessage(3003, LogLevel.Debug, "Sliding window over {Width}x{Height}x{Depth} voxels: {Patches} patches of {PatchWidth}x{PatchHeight}x{PatchDepth}, {Skipped} of them left out, the rest in {Batches} runs")]
    public static partial void SlidingWindow(ILogger logger, int width, int height, int depth, int patches, int skipped, int patchWidth, int patchHeight, int patchDepth, int batches);
}
