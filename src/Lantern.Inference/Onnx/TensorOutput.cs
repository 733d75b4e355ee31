namespace Lantern.Inference.Onnx;

/// <summary>
/// Caller memory a model output is written to, in row-major order of <paramref name="Shape"/>, which must be the
/// shape the model produces. ORT writes into it directly: no copy.
/// </summary>
public readonly record struct TensorOutput(string Name, Memory<float> Data, long[] Shape);
