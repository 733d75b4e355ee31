using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.Tests.SlidingWindow;

public sealed class PatchAxisTests
{
    [Theory]
    [InlineData(10, 4, 0.5, new[] { 0, 2, 4, 6 })]
    [InlineData(10, 4, 0.0, new[] { 0, 3, 6 })]
    [InlineData(4, 4, 0.5, new[] { 0 })]
    [InlineData(3, 4, 0.5, new[] { 0 })]
    [InlineData(100, 32, 0.25, new[] { 0, 23, 45, 68 })]
    public void Starts_Extent_SpreadEvenlyFromZeroToTheFarEdge(int extent, int patch, double overlap, int[] expected)
    {
        var axis = new PatchAxis(extent, patch, overlap, 0.125);

        Assert.Equal(expected, axis.Starts);
    }

    [Theory]
    [InlineData(10, 4, 0.5)]
    [InlineData(37, 16, 0.5)]
    [InlineData(3, 8, 0.5)]
    public void Weights_EveryVoxel_SumToOneOverTheCoveringPatches(int extent, int patch, double overlap)
    {
        var axis = new PatchAxis(extent, patch, overlap, 0.125);
        var sums = new double[extent];

        for (var i = 0; i < axis.Starts.Length; i++)
        {
            for (var k = 0; k < patch && axis.Starts[i] + k < extent; k++)
            {
                sums[axis.Starts[i] + k] += axis.Weights(i)[k];
            }
        }

        Assert.All(sums, sum => Assert.Equal(1.0, sum, 1e-6));
    }

    [Fact]
    public void Weights_VoxelNearOnePatchsCentre_CountsThatPatchMost()
    {
        // Patches [0, 4) and [2, 6): voxel 3 is at the first's edge and near the second's centre.
        var axis = new PatchAxis(6, 4, 0.5, 0.125);

        Assert.Equal([0, 2], axis.Starts);
        Assert.True(axis.Weights(1)[1] > 0.9f, $"centre weight {axis.Weights(1)[1]}");
        Assert.True(axis.Weights(0)[3] < 0.1f, $"edge weight {axis.Weights(0)[3]}");
    }
}
