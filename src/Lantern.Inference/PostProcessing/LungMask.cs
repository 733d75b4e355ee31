using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// The lungs on a grid: <see cref="Background"/>, <see cref="Left"/> or <see cref="Right"/> per voxel (the
/// values of the phantom's labels.npy). Made from a lung model's output by <see cref="FromProbabilities"/>.
/// </summary>
public sealed class LungMask
{
    public const byte Background = 0;
    public const byte Left = 1;
    public const byte Right = 2;

    /// <exception cref="ArgumentException">A voxel holds a value other than 0, 1 or 2.</exception>
    public LungMask(Volume<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var stray = labels.Voxels.AsSpan().IndexOfAnyExcept(Background, Left, Right);
        if (stray >= 0)
        {
            throw new ArgumentException($"Voxel {stray} holds {labels.Voxels[stray]}; a lung mask holds only 0 (background), 1 (left) and 2 (right).", nameof(labels));
        }

        Labels = labels;
    }

    public Volume<byte> Labels { get; }

    public VolumeGeometry Geometry => Labels.Geometry;

    /// <summary>The voxel value of a side.</summary>
    public static byte Value(LungSide side) => side == LungSide.Left ? Left : Right;

    /// <summary>
    /// The lungs in a lung model's output. A voxel is a lung's when that lung's probability reaches the
    /// manifest's threshold for it or, where the manifest gives none, when it is the largest of all channels;
    /// a voxel both lungs claim goes to the more probable. Of each lung, only the largest 26-connected
    /// component is kept: the lungs are one piece each, and what lies apart is a misclassified patch. Then holes
    /// in each lung are filled slice by slice along the grid's z axis (axial for a CT series): vessels and
    /// nodules inside the lung belong to it. A hole in one slice is a 4-connected region of the slice, not of
    /// that lung, which does not reach the slice's edge and is no larger than
    /// <see cref="LungMaskOptions.MaximumHoleAreaMm2"/>; only its background voxels are filled. Slices, not the
    /// volume, because vessels reach the mediastinum and so are never enclosed in 3-D.
    /// </summary>
    /// <param name="probabilities">The model's output, channel after channel of <paramref name="geometry"/>'s grid: [channels, z, y, x], one channel per manifest label.</param>
    /// <exception cref="ArgumentException">The probabilities do not fill the manifest's channels over the grid, or the options are invalid.</exception>
    /// <exception cref="ModelManifestException">The manifest has no label of the name the options give for a lung.</exception>
    public static LungMask FromProbabilities(ReadOnlySpan<float> probabilities, VolumeGeometry geometry, ModelManifest manifest, LungMaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new LungMaskOptions();
        options.Validate();
        var left = ManifestLabels.Channel(manifest, options.LeftLabel);
        var right = ManifestLabels.Channel(manifest, options.RightLabel);
        var voxels = checked((int)geometry.VoxelCount);
        if (probabilities.Length != (long)manifest.Labels.Count * voxels)
        {
            throw new ArgumentException(
                $"The output holds {probabilities.Length} values; {manifest.Labels.Count} channels of {geometry.SizeX}×{geometry.SizeY}×{geometry.SizeZ} voxels need {(long)manifest.Labels.Count * voxels}.",
                nameof(probabilities));
        }

        return FromSides(Classify(probabilities, voxels, manifest, left, options.LeftLabel, right, options.RightLabel), geometry, options);
    }

    /// <summary>
    /// The post-processing of <see cref="FromProbabilities"/> on voxels already classified: <see cref="Background"/>,
    /// <see cref="Left"/> or <see cref="Right"/> per voxel of <paramref name="geometry"/>'s grid, which are only read.
    /// </summary>
    internal static LungMask FromSides(byte[] classes, VolumeGeometry geometry, LungMaskOptions options)
    {
        var voxels = classes.Length;
        var size = new GridSize(geometry.SizeX, geometry.SizeY, geometry.SizeZ);
        var mask = new byte[voxels];
        var pixelArea = geometry.Spacing.X * geometry.Spacing.Y * Vector3D.Cross(geometry.AxisX, geometry.AxisY).Length;
        foreach (var side in (ReadOnlySpan<byte>)[Left, Right])
        {
            var components = ConnectedComponents.FindLabel(classes, size, side, Connectivity.TwentySix);
            var largest = components.LargestLabel();
            foreach (var run in components.Runs)
            {
                if (run.Label == largest)
                {
                    mask.AsSpan(components.Index(run), run.Length).Fill(side);
                }
            }

            FillHoles(mask, size, side, options.MaximumHoleAreaMm2 / pixelArea);
        }

        return new LungMask(new Volume<byte>(geometry, mask));
    }

    /// <summary>This mask on another grid, each voxel taking the value of the nearest voxel here (background outside this grid).</summary>
    public LungMask ResampleTo(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var target = new Volume<byte>(geometry);
        var map = new VoxelMap(geometry, Geometry);
        var source = Labels.Voxels;
        Parallel.For(0, geometry.SizeZ, z =>
        {
            var slice = target.GetSlice(z);
            for (int y = 0, i = 0; y < geometry.SizeY; y++)
            {
                for (var x = 0; x < geometry.SizeX; x++, i++)
                {
                    var index = map.NearestIndex(x, y, z);
                    slice[i] = index < 0 ? Background : source[index];
                }
            }
        });
        return new LungMask(target);
    }

    /// <summary>
    /// The side of the lung voxel whose centre is nearest to <paramref name="patient"/> (mm), if one lies within
    /// <paramref name="maximumDistanceMm"/>; of equally near voxels the first in array order.
    /// </summary>
    internal LungSide? NearestSide(Vector3D patient, double maximumDistanceMm)
    {
        var g = Geometry;
        var centre = g.PatientToVoxel(patient);
        static (int From, int To) Range(double centre, double radius, int size) =>
            ((int)Math.Max(0, Math.Floor(centre - radius)), (int)Math.Min(size - 1, Math.Ceiling(centre + radius)));

        var (x0, x1) = Range(centre.X, maximumDistanceMm / g.Spacing.X, g.SizeX);
        var (y0, y1) = Range(centre.Y, maximumDistanceMm / g.Spacing.Y, g.SizeY);
        var (z0, z1) = Range(centre.Z, maximumDistanceMm / g.Spacing.Z, g.SizeZ);
        var best = maximumDistanceMm * maximumDistanceMm;
        byte side = Background;
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var value = Labels.Voxels[x + (g.SizeX * (y + (g.SizeY * z)))];
                    if (value == Background)
                    {
                        continue;
                    }

                    var offset = g.VoxelToPatient(x, y, z) - patient;
                    var distance = Vector3D.Dot(offset, offset);
                    if (distance < best || (side == Background && distance <= best))
                    {
                        best = distance;
                        side = value;
                    }
                }
            }
        }

        return side switch
        {
            Left => LungSide.Left,
            Right => LungSide.Right,
            _ => null,
        };
    }

    private static byte[] Classify(ReadOnlySpan<float> probabilities, int voxels, ModelManifest manifest, int left, string leftLabel, int right, string rightLabel)
    {
        double? leftThreshold = manifest.Thresholds.TryGetValue(leftLabel, out var l) ? l : null;
        double? rightThreshold = manifest.Thresholds.TryGetValue(rightLabel, out var r) ? r : null;
        var channels = manifest.Labels.Count;
        var classes = new byte[voxels];
        for (var v = 0; v < voxels; v++)
        {
            var pLeft = probabilities[(left * voxels) + v];
            var pRight = probabilities[(right * voxels) + v];
            var isLeft = leftThreshold is { } tl ? pLeft >= tl : IsLargest(probabilities, channels, voxels, v, pLeft);
            var isRight = rightThreshold is { } tr ? pRight >= tr : IsLargest(probabilities, channels, voxels, v, pRight);
            classes[v] = isLeft && (!isRight || pLeft >= pRight) ? Left : isRight ? Right : Background;
        }

        return classes;
    }

    private static bool IsLargest(ReadOnlySpan<float> probabilities, int channels, int voxels, int voxel, float value)
    {
        for (var c = 0; c < channels; c++)
        {
            if (probabilities[(c * voxels) + voxel] > value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Fills the holes of one side's lung in each z slice of <paramref name="mask"/>; see <see cref="FromProbabilities"/>.</summary>
    private static void FillHoles(byte[] mask, GridSize size, byte side, double maximumHoleVoxels)
    {
        var sliceSize = new GridSize(size.X, size.Y, 1);
        var sliceLength = size.X * size.Y;
        for (var z = 0; z < size.Z; z++)
        {
            var slice = mask.AsSpan(z * sliceLength, sliceLength);
            if (!slice.Contains(side))
            {
                continue;
            }

            var regions = ConnectedComponents.FindWhere<byte, NotEqualTo>(slice, sliceSize, new NotEqualTo(side), Connectivity.Six);
            var open = new bool[regions.Count + 1];
            foreach (var run in regions.Runs)
            {
                open[run.Label] |= run.X == 0 || run.EndX == size.X || run.Y == 0 || run.Y == size.Y - 1;
            }

            foreach (var run in regions.Runs)
            {
                if (open[run.Label] || regions.VoxelCount(run.Label) > maximumHoleVoxels)
                {
                    continue;
                }

                var row = slice.Slice(regions.Index(run), run.Length);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] == Background)
                    {
                        row[i] = side;
                    }
                }
            }
        }
    }
}
