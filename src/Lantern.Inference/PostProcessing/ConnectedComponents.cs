using System.Numerics;
using System.Runtime.InteropServices;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// The connected components of a voxel mask, labelled 1..<see cref="Count"/> in the order their first voxel
/// comes in the array (x fastest, then y, then z), so labels do not depend on anything but the mask.
/// Found in two passes over runs of foreground voxels along x: the first links each run to the runs it
/// touches in the rows already seen (union–find over runs, iterative), the second numbers the sets. Memory
/// grows with the number of runs, never with a label per voxel, and nothing recurses.
/// </summary>
public sealed class ConnectedComponents
{
    private readonly ComponentRun[] _runs;
    private readonly int[] _voxelCounts;

    private ConnectedComponents(GridSize size, ComponentRun[] runs, int[] voxelCounts)
    {
        Size = size;
        _runs = runs;
        _voxelCounts = voxelCounts;
    }

    public GridSize Size { get; }

    /// <summary>How many components there are; labels run from 1 to this.</summary>
    public int Count => _voxelCounts.Length - 1;

    /// <summary>Every run of every component, in array order (by z, then y, then x).</summary>
    public ReadOnlySpan<ComponentRun> Runs => _runs;

    /// <summary>The components of the voxels at or above <paramref name="threshold"/>, e.g. of a probability map or of a 0/1 mask with threshold 1.</summary>
    /// <exception cref="ArgumentException"><paramref name="voxels"/> does not hold exactly the grid's voxels.</exception>
    public static ConnectedComponents Find<T>(ReadOnlySpan<T> voxels, GridSize size, T threshold, Connectivity connectivity)
        where T : INumber<T> =>
        FindWhere(voxels, size, new AtLeast<T>(threshold), connectivity);

    /// <summary>The components of the voxels equal to <paramref name="label"/> in a label map.</summary>
    /// <exception cref="ArgumentException"><paramref name="labels"/> does not hold exactly the grid's voxels.</exception>
    public static ConnectedComponents FindLabel(ReadOnlySpan<byte> labels, GridSize size, byte label, Connectivity connectivity) =>
        FindWhere(labels, size, new EqualTo(label), connectivity);

    /// <summary>The number of voxels of component <paramref name="label"/>.</summary>
    public int VoxelCount(int label)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(label, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(label, Count);
        return _voxelCounts[label];
    }

    /// <summary>The label of the component with the most voxels (the lowest such label on a tie), or 0 when there is none.</summary>
    public int LargestLabel()
    {
        var largest = 0;
        for (var label = 1; label <= Count; label++)
        {
            if (_voxelCounts[label] > _voxelCounts[largest])
            {
                largest = label;
            }
        }

        return largest;
    }

    /// <summary>A label per voxel (0 for background) over the whole grid, x fastest.</summary>
    public int[] ToLabels()
    {
        var labels = new int[checked((int)Size.VoxelCount)];
        foreach (var run in _runs)
        {
            labels.AsSpan(Index(run), run.Length).Fill(run.Label);
        }

        return labels;
    }

    /// <summary>The array index of a run's first voxel.</summary>
    internal int Index(ComponentRun run) => run.X + (Size.X * (run.Y + (Size.Y * run.Z)));

    internal static ConnectedComponents FindWhere<T, TTest>(ReadOnlySpan<T> voxels, GridSize size, TTest test, Connectivity connectivity)
        where TTest : struct, IVoxelTest<T>
    {
        if (size.X < 1 || size.Y < 1 || size.Z < 1 || voxels.Length != size.VoxelCount)
        {
            throw new ArgumentException($"The mask holds {voxels.Length} voxels, a {size} grid has {size.VoxelCount}.", nameof(voxels));
        }

        if (!Enum.IsDefined(connectivity))
        {
            throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "Unknown connectivity.");
        }

        // Runs in rows that differ by one in y or z touch when they overlap; with 26-connectivity also when
        // they only meet at an edge or corner, that is when they are one voxel apart along x.
        var full = connectivity == Connectivity.TwentySix;
        var gap = full ? 1 : 0;
        var rows = size.Y * size.Z;
        var rowStarts = new int[rows + 1];
        var runs = new List<ComponentRun>();
        var parents = new List<int>();
        for (var row = 0; row < rows; row++)
        {
            int y = row % size.Y, z = row / size.Y;
            rowStarts[row] = runs.Count;
            var line = voxels.Slice(row * size.X, size.X);
            for (var x = 0; x < line.Length; x++)
            {
                if (!test.IsForeground(line[x]))
                {
                    continue;
                }

                var start = x;
                while (x + 1 < line.Length && test.IsForeground(line[x + 1]))
                {
                    x++;
                }

                parents.Add(runs.Count);
                runs.Add(new ComponentRun(0, start, y, z, x - start + 1));
            }

            var all = CollectionsMarshal.AsSpan(runs);
            var parent = CollectionsMarshal.AsSpan(parents);
            var current = (rowStarts[row], runs.Count);
            if (y > 0)
            {
                Link(all, parent, current, (rowStarts[row - 1], rowStarts[row]), gap);
            }

            if (z > 0)
            {
                var below = row - size.Y;
                Link(all, parent, current, (rowStarts[below], rowStarts[below + 1]), gap);
                if (full && y > 0)
                {
                    Link(all, parent, current, (rowStarts[below - 1], rowStarts[below]), gap);
                }

                if (full && y < size.Y - 1)
                {
                    Link(all, parent, current, (rowStarts[below + 1], rowStarts[below + 2]), gap);
                }
            }
        }

        return Number(CollectionsMarshal.AsSpan(runs), CollectionsMarshal.AsSpan(parents), size);
    }

    /// <summary>Joins each run of the current row with the runs of an earlier row it touches; both rows are sorted by x.</summary>
    private static void Link(Span<ComponentRun> runs, Span<int> parents, (int From, int To) current, (int From, int To) earlier, int gap)
    {
        var first = earlier.From;
        for (var i = current.From; i < current.To; i++)
        {
            var run = runs[i];
            while (first < earlier.To && runs[first].EndX + gap <= run.X)
            {
                first++;
            }

            for (var j = first; j < earlier.To && runs[j].X < run.EndX + gap; j++)
            {
                Union(parents, i, j);
            }
        }
    }

    /// <summary>Joins two sets; the lower run index becomes the root, so a root is always its set's first run.</summary>
    private static void Union(Span<int> parents, int a, int b)
    {
        var rootA = Root(parents, a);
        var rootB = Root(parents, b);
        if (rootA < rootB)
        {
            parents[rootB] = rootA;
        }
        else if (rootB < rootA)
        {
            parents[rootA] = rootB;
        }
    }

    private static int Root(Span<int> parents, int run)
    {
        while (parents[run] != run)
        {
            parents[run] = parents[parents[run]];
            run = parents[run];
        }

        return run;
    }

    /// <summary>Gives each set a label in the order of its first run and counts its voxels.</summary>
    private static ConnectedComponents Number(Span<ComponentRun> runs, Span<int> parents, GridSize size)
    {
        var labels = new int[runs.Length];
        var counts = new List<int> { 0 };
        var labelled = new ComponentRun[runs.Length];
        for (var i = 0; i < runs.Length; i++)
        {
            var root = Root(parents, i);
            if (root == i)
            {
                labels[i] = counts.Count;
                counts.Add(0);
            }
            else
            {
                labels[i] = labels[root];
            }

            counts[labels[i]] += runs[i].Length;
            labelled[i] = runs[i] with { Label = labels[i] };
        }

        return new ConnectedComponents(size, labelled, [.. counts]);
    }
}
