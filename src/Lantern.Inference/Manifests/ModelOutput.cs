namespace Lantern.Inference.Manifests;

/// <summary>The model's output, one channel per label.</summary>
public sealed record ModelOutput
{
    /// <summary>The output's name in the ONNX graph.</summary>
    public required string Name { get; init; }

    public required OutputActivation Activation { get; init; }
}
