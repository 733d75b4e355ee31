namespace Lantern.Inference.Onnx;

/// <summary>A model input or output: its name and shape, with -1 for a dimension the model leaves open.</summary>
public sealed record TensorInfo(string Name, IReadOnlyList<long> Shape);
