using System.Text.Json.Serialization;

namespace Lantern.Inference.Manifests;

/// <summary>How Hounsfield units become the model's input values, after clipping to the window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NormalizationMethod>))]
public enum NormalizationMethod
{
    /// <summary>The window maps linearly onto [0, 1].</summary>
    [JsonStringEnumMemberName("window")]
    Window,

    /// <summary>(HU − mean) / std, with the training set's mean and standard deviation.</summary>
    [JsonStringEnumMemberName("zScore")]
    ZScore,
}
