namespace Lantern.Inference.Manifests;

/// <summary>The model's image input.</summary>
public sealed record ModelInput
{
    /// <summary>The only layout the sliding window feeds: batch, channel, then z, y, x.</summary>
    public const string ChannelFirst3D = "NCDHW";

    /// <summary>The input's name in the ONNX graph.</summary>
    public required string Name { get; init; }

    /// <summary>Dimension order of the input tensor; <see cref="ChannelFirst3D"/>.</summary>
    public required string Layout { get; init; }
}
