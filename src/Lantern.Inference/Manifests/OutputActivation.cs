using System.Text.Json.Serialization;

namespace Lantern.Inference.Manifests;

/// <summary>What the model's output channels hold, and so how to turn them into probabilities.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputActivation>))]
public enum OutputActivation
{
    /// <summary>Already probabilities (or values used as they are).</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Logits, one independent probability per channel.</summary>
    [JsonStringEnumMemberName("sigmoid")]
    Sigmoid,

    /// <summary>Logits of mutually exclusive classes: softmax across channels.</summary>
    [JsonStringEnumMemberName("softmax")]
    Softmax,
}
