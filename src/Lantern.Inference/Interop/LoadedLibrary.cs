namespace Lantern.Inference.Interop;

/// <summary>The loaded ONNX Runtime: where it came from and its API table.</summary>
internal sealed record LoadedLibrary(string Path, OrtApi Api);
