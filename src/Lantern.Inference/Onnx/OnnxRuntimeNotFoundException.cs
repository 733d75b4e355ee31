namespace Lantern.Inference.Onnx;

/// <summary>
/// ONNX Runtime's native library is missing, does not load, or is too old. The message names the paths
/// looked at and how to get the library.
/// </summary>
public sealed class OnnxRuntimeNotFoundException : Exception
{
    public OnnxRuntimeNotFoundException() : base("ONNX Runtime's native library was not found.") { }

    public OnnxRuntimeNotFoundException(string message) : base(message) { }

    public OnnxRuntimeNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    public OnnxRuntimeNotFoundException(string message, IReadOnlyList<string> searchedPaths, Exception? innerException = null)
        : base(message, innerException)
    {
        SearchedPaths = searchedPaths;
    }

    /// <summary>Where the library was looked for, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; } = [];
}
