using Lantern.Inference.PostProcessing;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class ConnectedComponentsTests
{
    [Fact]
    public void Find_TwoSeparateBlobs_LabelsInArrayOrderWithTheirVoxelCounts()
    {
        var size = new GridSize(6, 4, 3);
        var mask = new byte[size.VoxelCount];
        Set(mask, size, 4, 0, 0);
        Set(mask, size, 5, 0, 0);
        Set(mask, size, 0, 2, 1);
        Set(mask, size, 0, 3, 1);
        Set(mask, size, 0, 3, 2);

        var components = ConnectedComponents.Find<byte>(mask, size, 1, Connectivity.Six);

        Assert.Equal(2, components.Count);
        Assert.Equal(2, components.VoxelCount(1));
        Assert.Equal(3, components.VoxelCount(2));
        var labels = components.ToLabels();
        Assert.Equal(1, labels[Index(size, 4, 0, 0)]);
        Assert.Equal(2, labels[Index(size, 0, 3, 2)]);
        Assert.Equal(5, labels.Count(label => label != 0));
    }

    [Fact]
    public void Find_VoxelsMeetingAtACorner_OneComponentWithTwentySixTwoWithSix()
    {
        var size = new GridSize(3, 3, 3);
        var mask = new byte[size.VoxelCount];
        Set(mask, size, 0, 0, 0);
        Set(mask, size, 1, 1, 1);
        Set(mask, size, 2, 0, 2);

        Assert.Equal(1, ConnectedComponents.Find<byte>(mask, size, 1, Connectivity.TwentySix).Count);
        Assert.Equal(3, ConnectedComponents.Find<byte>(mask, size, 1, Connectivity.Six).Count);
    }

    [Fact]
    public void Find_BranchesJoinedOnlyInALaterRow_OneComponentLabelledByItsFirstVoxel()
    {
        // A U: two columns that meet in the last row, after each was first seen as its own run.
        var size = new GridSize(5, 4, 1);
        var mask = new byte[size.VoxelCount];
        for (var y = 0; y < 4; y++)
        {
            Set(mask, size, 0, y, 0);
            Set(mask, size, 4, y, 0);
        }

        for (var x = 0; x < 5; x++)
        {
            Set(mask, size, x, 3, 0);
        }

        var components = ConnectedComponents.Find<byte>(mask, size, 1, Connectivity.Six);

        Assert.Equal(1, components.Count);
        Assert.Equal(11, components.VoxelCount(1));
        Assert.All(components.Runs.ToArray(), run => Assert.Equal(1, run.Label));
    }

    [Fact]
    public void Find_ProbabilityMap_ForegroundIsAtOrAboveTheThreshold()
    {
        var size = new GridSize(5, 1, 1);
        float[] probabilities = [0.5f, 0.49f, 0.7f, 0.5f, 0.1f];

        var components = ConnectedComponents.Find<float>(probabilities, size, 0.5f, Connectivity.Six);

        Assert.Equal(2, components.Count);
        Assert.Equal([new ComponentRun(1, 0, 0, 0, 1), new ComponentRun(2, 2, 0, 0, 2)], components.Runs.ToArray());
    }

    [Theory]
    [InlineData(Connectivity.Six, 1)]
    [InlineData(Connectivity.TwentySix, 2)]
    [InlineData(Connectivity.Six, 3)]
    [InlineData(Connectivity.TwentySix, 4)]
    public void Find_RandomMasks_SamePartitionAndLabelsAsAFloodFill(Connectivity connectivity, int seed)
    {
        var size = new GridSize(17, 13, 11);
        var random = new Random(seed);
        var mask = new byte[size.VoxelCount];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = (byte)(random.NextDouble() < 0.35 ? 1 : 0);
        }

        var components = ConnectedComponents.Find<byte>(mask, size, 1, connectivity);

        var expected = FloodFill(mask, size, connectivity, out var count);
        Assert.Equal(count, components.Count);
        Assert.Equal(expected, components.ToLabels());
    }

    [Fact]
    public void LargestLabel_TwoEquallyLargeComponents_TheFirst()
    {
        var size = new GridSize(7, 1, 1);
        byte[] mask = [1, 0, 1, 1, 0, 1, 1];

        var components = ConnectedComponents.Find<byte>(mask, size, 1, Connectivity.Six);

        Assert.Equal(2, components.LargestLabel());
        Assert.Equal(0, ConnectedComponents.Find<byte>(new byte[7], size, 1, Connectivity.Six).LargestLabel());
    }

    [Fact]
    public void FindLabel_LabelMap_OnlyVoxelsOfThatLabel()
    {
        var size = new GridSize(4, 1, 1);
        byte[] labels = [1, 2, 2, 1];

        var components = ConnectedComponents.FindLabel(labels, size, 2, Connectivity.Six);

        Assert.Equal([new ComponentRun(1, 1, 0, 0, 2)], components.Runs.ToArray());
    }

    [Fact]
    public void Find_MaskOfTheWrongLength_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => ConnectedComponents.Find<byte>(new byte[5], new GridSize(2, 2, 2), 1, Connectivity.Six));

        Assert.Contains("2x2x2", error.Message, StringComparison.Ordinal);
    }

    private static int Index(GridSize size, int x, int y, int z) => x + (size.X * (y + (size.Y * z)));

    private static void Set(byte[] mask, GridSize size, int x, int y, int z) => mask[Index(size, x, y, z)] = 1;

    /// <summary>A plain breadth-first flood fill from each unlabelled voxel in array order: the reference.</summary>
    private static int[] FloodFill(byte[] mask, GridSize size, Connectivity connectivity, out int count)
    {
        var labels = new int[mask.Length];
        var queue = new Queue<(int X, int Y, int Z)>();
        count = 0;
        for (var z = 0; z < size.Z; z++)
        {
            for (var y = 0; y < size.Y; y++)
            {
                for (var x = 0; x < size.X; x++)
                {
                    if (mask[Index(size, x, y, z)] == 0 || labels[Index(size, x, y, z)] != 0)
                    {
                        continue;
                    }

                    labels[Index(size, x, y, z)] = ++count;
                    queue.Enqueue((x, y, z));
                    while (queue.TryDequeue(out var voxel))
                    {
                        for (var dz = -1; dz <= 1; dz++)
                        {
                            for (var dy = -1; dy <= 1; dy++)
                            {
                                for (var dx = -1; dx <= 1; dx++)
                                {
                                    var steps = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                                    if (steps == 0 || (connectivity == Connectivity.Six && steps > 1))
                                    {
                                        continue;
                                    }

                                    int nx = voxel.X + dx, ny = voxel.Y + dy, nz = voxel.Z + dz;
                                    if (nx < 0 || ny < 0 || nz < 0 || nx >= size.X || ny >= size.Y || nz >= size.Z)
                                    {
                                        continue;
                                    }

                                    var n = Index(size, nx, ny, nz);
                                    if (mask[n] != 0 && labels[n] == 0)
                                    {
                                        labels[n] = count;
                                        queue.Enqueue((nx, ny, nz));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return labels;
    }
}
