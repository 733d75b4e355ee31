using System.Numerics.Tensors;
using System.Text.Json.Serialization;

namespace Lantern.Inference.Manifests;

/// <summary>How CT values in Hounsfield units become model input: clip to a window, then scale.</summary>
public sealed record IntensityNormalization
{
    /// <summary>[lowest, highest] HU kept; values outside are clipped to these.</summary>
    public required double[] Window { get; init; }

    [JsonPropertyName("normalization")]
    public required NormalizationMethod Method { get; init; }

    /// <summary>Mean HU of the training data (after clipping), for <see cref="NormalizationMethod.ZScore"/>.</summary>
    public double? Mean { get; init; }

    /// <summary>Standard deviation in HU of the training data, for <see cref="NormalizationMethod.ZScore"/>.</summary>
    public double? Std { get; init; }

    /// <summary>The model input value of one CT value.</summary>
    public float Normalize(float hounsfield)
    {
        var (scale, offset) = Affine();
        return (float)Math.Clamp(hounsfield, Window[0], Window[1]) * scale + offset;
    }

    /// <summary>Model input values of CT values; <paramref name="destination"/> may be the source itself.</summary>
    public void Normalize(ReadOnlySpan<float> hounsfield, Span<float> destination)
    {
        if (destination.Length < hounsfield.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source {hounsfield.Length}.", nameof(destination));
        }

        var (scale, offset) = Affine();
        var target = destination[..hounsfield.Length];
        TensorPrimitives.Max(hounsfield, (float)Window[0], target);
        TensorPrimitives.Min(target, (float)Window[1], target);
        TensorPrimitives.Multiply(target, scale, target);
        TensorPrimitives.Add(target, offset, target);
    }

    private (float Scale, float Offset) Affine() => Method switch
    {
        NormalizationMethod.Window => ((float)(1 / (Window[1] - Window[0])), (float)(-Window[0] / (Window[1] - Window[0]))),
        NormalizationMethod.ZScore => ((float)(1 / Std!.Value), (float)(-Mean!.Value / Std.Value)),
        _ => throw new InvalidOperationException($"unknown normalization {Method}"),
    };
}
