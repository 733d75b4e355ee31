using Lantern.Inference.Manifests;
using Lantern.Inference.Pipeline;

namespace Lantern.Inference.Tests.Pipeline;

public sealed class OutputActivationsTests
{
    [Fact]
    public void Apply_Softmax_EqualsTheDefinitionPerVoxelAcrossBlocks()
    {
        const int Channels = 3, Voxels = 5000;
        var random = new Random(4);
        var logits = Enumerable.Range(0, Channels * Voxels).Select(_ => (float)((random.NextDouble() * 20) - 10)).ToArray();
        var output = logits.ToArray();

        OutputActivations.Apply(output, Channels, Voxels, OutputActivation.Softmax);

        for (var v = 0; v < Voxels; v++)
        {
            var sum = Enumerable.Range(0, Channels).Sum(c => Math.Exp(logits[(c * Voxels) + v]));
            for (var c = 0; c < Channels; c++)
            {
                Assert.Equal(Math.Exp(logits[(c * Voxels) + v]) / sum, output[(c * Voxels) + v], 1e-6);
            }
        }
    }

    [Fact]
    public void Apply_SoftmaxOfHugeLogits_StaysFinite()
    {
        float[] output = [1000, -1000, 999, 1000];

        OutputActivations.Apply(output, 2, 2, OutputActivation.Softmax);

        // Voxel 0 holds logits 1000 and 999, voxel 1 holds -1000 and 1000.
        Assert.Equal([0.731059, 0, 0.268941, 1], output.Select(p => Math.Round(p, 6)));
    }

    [Fact]
    public void Apply_Sigmoid_PerValue()
    {
        float[] output = [0, 2, -2, 40];

        OutputActivations.Apply(output, 2, 2, OutputActivation.Sigmoid);

        Assert.Equal([0.5, 1 / (1 + Math.Exp(-2)), 1 / (1 + Math.Exp(2)), 1], output.Select(p => Math.Round(p, 6)), new RoundedComparer());
    }

    [Fact]
    public void Apply_None_LeavesTheValues()
    {
        float[] output = [0.25f, 3, -1, 7];

        OutputActivations.Apply(output, 1, 4, OutputActivation.None);

        Assert.Equal([0.25f, 3, -1, 7], output);
    }

    [Fact]
    public void Apply_LengthNotChannelsTimesVoxels_Throws()
    {
        Assert.Throws<ArgumentException>(() => OutputActivations.Apply(new float[5], 2, 2, OutputActivation.Softmax));
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}
