namespace Lantern.Inference.Onnx;

/// <summary>
/// A float tensor handed to a model: <paramref name="Data"/> in row-major order of <paramref name="Shape"/>.
/// ORT reads it in place (pinned for the run), so pooled arrays serve without a copy.
/// </summary>
public readonly record struct TensorInput(string Name, ReadOnlyMemory<float> Data, long[] Shape);
