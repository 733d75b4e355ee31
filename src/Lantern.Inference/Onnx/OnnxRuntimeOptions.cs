namespace Lantern.Inference.Onnx;

/// <summary>How <see cref="OnnxRuntime"/> finds the native library and sets up sessions.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>
    /// Folder holding the native library. Unset: the folder named by LANTERN_ONNXRUNTIME_DIR, then the
    /// application's folder, where the build copies it.
    /// </summary>
    public string? LibraryDirectory { get; set; }

    /// <summary>
    /// Providers to try, most preferred first; one that is not available is logged and skipped, and the CPU
    /// provider always remains as the last resort. Unset: <see cref="DefaultExecutionProviders"/>. (Unset rather
    /// than pre-filled, because the configuration binder appends to a list it finds.)
    /// </summary>
    public IList<ExecutionProvider>? ExecutionProviders { get; set; }

    /// <summary>DirectML then CPU on Windows, CUDA then CPU elsewhere.</summary>
    public static IReadOnlyList<ExecutionProvider> DefaultExecutionProviders { get; } = OperatingSystem.IsWindows()
        ? [ExecutionProvider.DirectML, ExecutionProvider.Cpu]
        : [ExecutionProvider.Cuda, ExecutionProvider.Cpu];

    /// <summary>GPU to use with CUDA or DirectML.</summary>
    public int DeviceId { get; set; }

    public GraphOptimizationLevel OptimizationLevel { get; set; } = GraphOptimizationLevel.All;

    /// <summary>Threads one operator may use; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads running independent operators at once; 0 lets ORT choose.</summary>
    public int InterOpThreads { get; set; }

    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (ExecutionProviders is not null && ExecutionProviders.Any(provider => !Enum.IsDefined(provider)))
        {
            throw new ArgumentException($"{nameof(ExecutionProviders)} must list only {string.Join(", ", Enum.GetNames<ExecutionProvider>())}.");
        }

        if (!Enum.IsDefined(OptimizationLevel))
        {
            throw new ArgumentException($"{nameof(OptimizationLevel)} {(int)OptimizationLevel} is not one of {string.Join(", ", Enum.GetNames<GraphOptimizationLevel>())}.");
        }

        if (DeviceId < 0 || IntraOpThreads < 0 || InterOpThreads < 0)
        {
            throw new ArgumentException($"{nameof(DeviceId)}, {nameof(IntraOpThreads)} and {nameof(InterOpThreads)} must not be negative.");
        }
    }
}
