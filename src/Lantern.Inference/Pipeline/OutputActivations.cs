using System.Numerics.Tensors;
using Lantern.Inference.Manifests;

namespace Lantern.Inference.Pipeline;

/// <summary>Turns a model's blended outputs into probabilities, as its manifest's <see cref="OutputActivation"/> says.</summary>
internal static class OutputActivations
{
    // Softmax runs over the channels of a block of voxels at a time, so its scratch stays on the stack.
    private const int Block = 2048;

    /// <param name="output">Channel after channel of <paramref name="voxels"/> values each: [channels, z, y, x]; changed in place.</param>
    public static void Apply(Span<float> output, int channels, int voxels, OutputActivation activation)
    {
        if (output.Length != (long)channels * voxels)
        {
            throw new ArgumentException($"The output holds {output.Length} values, {channels} channels of {voxels} voxels need {(long)channels * voxels}.", nameof(output));
        }

        switch (activation)
        {
            case OutputActivation.None:
                break;
            case OutputActivation.Sigmoid:
                TensorPrimitives.Sigmoid(output, output);
                break;
            case OutputActivation.Softmax:
                Softmax(output, channels, voxels);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown output activation");
        }
    }

    /// <summary>exp(logit − max) / Σ exp(logit − max) per voxel: subtracting the largest logit keeps exp from overflowing.</summary>
    private static void Softmax(Span<float> output, int channels, int voxels)
    {
        Span<float> largest = stackalloc float[Block];
        Span<float> sum = stackalloc float[Block];
        for (var start = 0; start < voxels; start += Block)
        {
            var count = Math.Min(Block, voxels - start);
            var max = largest[..count];
            var total = sum[..count];
            output.Slice(start, count).CopyTo(max);
            for (var c = 1; c < channels; c++)
            {
                TensorPrimitives.Max(max, output.Slice((c * voxels) + start, count), max);
            }

            total.Clear();
            for (var c = 0; c < channels; c++)
            {
                var channel = output.Slice((c * voxels) + start, count);
                TensorPrimitives.Subtract(channel, max, channel);
                TensorPrimitives.Exp(channel, channel);
                TensorPrimitives.Add(total, channel, total);
            }

            for (var c = 0; c < channels; c++)
            {
                var channel = output.Slice((c * voxels) + start, count);
                TensorPrimitives.Divide(channel, total, channel);
            }
        }
    }
}
