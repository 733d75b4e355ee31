using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Filters;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// Turns a model's <see cref="BlobCandidates"/> into unscored candidates beside the detector's: the blobs of
/// <see cref="BlobFilter"/> on the detector's grid within <see cref="BlobCandidates.LungMarginMm"/> of the lungs,
/// kept where the detector's largest probability within one voxel reaches
/// <see cref="BlobCandidates.MinimumProbability"/> and no detector candidate lies within
/// <see cref="BlobCandidates.DistinctMm"/> or its own equivalent radius. A blob's figures are those of the ball
/// the filter answers to: diameter 2√3·σ of the scale that gave its measure, the HU at its voxel, the detector's
/// largest probability near it as its peak and the one at its voxel as its mean, lung fraction 1 or 0.
/// </summary>
public static class BlobCandidateFinder
{
    /// <param name="hounsfield">CT values on the detector's grid.</param>
    /// <param name="probability">The detector's nodule probability on the same grid.</param>
    /// <param name="lungs">The lungs, on any grid.</param>
    /// <param name="detected">The detector's candidates.</param>
    public static IReadOnlyList<NoduleFinding> Find(
        Volume<float> hounsfield,
        ReadOnlySpan<float> probability,
        LungMask lungs,
        IReadOnlyList<NoduleFinding> detected,
        BlobCandidates settings,
        IntensityNormalization intensity,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hounsfield);
        ArgumentNullException.ThrowIfNull(lungs);
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(intensity);
        var grid = hounsfield.Geometry;
        if (probability.Length != hounsfield.Voxels.Length)
        {
            throw new ArgumentException($"The probability map holds {probability.Length} values, the grid {hounsfield.Voxels.Length}.", nameof(probability));
        }

        var search = new LungMask(Grown(lungs.Labels, settings.LungMarginMm)).ResampleTo(grid).Labels;
        var blobs = BlobFilter.Find(hounsfield, search, settings.FilterOptions(intensity), cancellationToken);
        var toLungs = new VoxelMap(grid, lungs.Geometry);
        var reach = settings.LungMarginMm + lungs.Geometry.Spacing.Length;
        var found = new List<NoduleFinding>();
        foreach (var blob in blobs)
        {
            var nearby = NearbyMaximum(probability, grid, blob);
            var centre = grid.VoxelToPatient(blob.X, blob.Y, blob.Z);
            if (nearby < settings.MinimumProbability || detected.Any(d => (d.CenterMm - centre).Length < Math.Max(settings.DistinctMm, d.EquivalentDiameterMm / 2)))
            {
                continue;
            }

            var lungIndex = toLungs.NearestIndex(blob.X, blob.Y, blob.Z);
            var inLung = lungIndex >= 0 && lungs.Labels.Voxels[lungIndex] != LungMask.Background;
            LungSide? side = inLung
                ? (lungs.Labels.Voxels[lungIndex] == LungMask.Left ? LungSide.Left : LungSide.Right)
                : lungs.NearestSide(centre, reach);
            if (side is not { } lung)
            {
                continue;
            }

            var diameter = 2 * Math.Sqrt(3) * blob.SigmaMm;
            var index = hounsfield.Index(blob.X, blob.Y, blob.Z);
            found.Add(new NoduleFinding(
                centre,
                new Vector3D(blob.X, blob.Y, blob.Z),
                Box(grid, blob, diameter),
                diameter,
                diameter,
                Math.PI / 6 * diameter * diameter * diameter,
                hounsfield.Voxels[index],
                lung,
                Score: 0,
                PeakProbability: nearby,
                MeanProbability: probability[index],
                LungFraction: inLung ? 1 : 0)
            {
                BlobDot = blob.Dot,
            });
        }

        return found;
    }

    /// <summary>The largest probability in the 3×3×3 voxels around the blob (clipped to the grid).</summary>
    private static float NearbyMaximum(ReadOnlySpan<float> probability, VolumeGeometry g, Blob blob)
    {
        var best = 0f;
        for (var z = Math.Max(0, blob.Z - 1); z <= Math.Min(g.SizeZ - 1, blob.Z + 1); z++)
        {
            for (var y = Math.Max(0, blob.Y - 1); y <= Math.Min(g.SizeY - 1, blob.Y + 1); y++)
            {
                for (var x = Math.Max(0, blob.X - 1); x <= Math.Min(g.SizeX - 1, blob.X + 1); x++)
                {
                    best = Math.Max(best, probability[x + (g.SizeX * (y + (g.SizeY * z)))]);
                }
            }
        }

        return best;
    }

    /// <summary>The voxels the blob's ball covers, and their outer faces in patient space.</summary>
    private static BoundingBox Box(VolumeGeometry g, Blob blob, double diameterMm)
    {
        var (rx, ry, rz) = (Reach(diameterMm, g.Spacing.X), Reach(diameterMm, g.Spacing.Y), Reach(diameterMm, g.Spacing.Z));
        var (x0, x1) = (Math.Max(0, blob.X - rx), Math.Min(g.SizeX - 1, blob.X + rx));
        var (y0, y1) = (Math.Max(0, blob.Y - ry), Math.Min(g.SizeY - 1, blob.Y + ry));
        var (z0, z1) = (Math.Max(0, blob.Z - rz), Math.Min(g.SizeZ - 1, blob.Z + rz));
        var a = g.VoxelToPatient(x0 - 0.5, y0 - 0.5, z0 - 0.5);
        var b = g.VoxelToPatient(x1 + 0.5, y1 + 0.5, z1 + 0.5);
        var min = new Vector3D(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Min(a.Z, b.Z));
        var max = new Vector3D(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y), Math.Max(a.Z, b.Z));
        return new BoundingBox(x0, y0, z0, x1, y1, z1, min, max);
    }

    private static int Reach(double diameterMm, double spacing) => (int)Math.Round(diameterMm / 2 / spacing);

    /// <summary>The lungs grown by a box of <paramref name="marginMm"/> (rounded up to whole voxels per axis), every lung voxel 1.</summary>
    private static Volume<byte> Grown(Volume<byte> labels, double marginMm)
    {
        var g = labels.Geometry;
        var grown = new Volume<byte>(g);
        for (var i = 0; i < grown.Voxels.Length; i++)
        {
            grown.Voxels[i] = labels.Voxels[i] == LungMask.Background ? (byte)0 : (byte)1;
        }

        var radii = new[] { Voxels(marginMm, g.Spacing.X), Voxels(marginMm, g.Spacing.Y), Voxels(marginMm, g.Spacing.Z) };
        var strides = new[] { 1, g.SizeX, g.SizeX * g.SizeY };
        var sizes = new[] { g.SizeX, g.SizeY, g.SizeZ };
        for (var axis = 0; axis < 3; axis++)
        {
            if (radii[axis] == 0)
            {
                continue;
            }

            var source = (byte[])grown.Voxels.Clone();
            for (var i = 0; i < source.Length; i++)
            {
                if (source[i] == 0)
                {
                    continue;
                }

                var position = i / strides[axis] % sizes[axis];
                for (var d = -radii[axis]; d <= radii[axis]; d++)
                {
                    if ((uint)(position + d) < (uint)sizes[axis])
                    {
                        grown.Voxels[i + (d * strides[axis])] = 1;
                    }
                }
            }
        }

        return grown;
    }

    private static int Voxels(double marginMm, double spacing) => (int)Math.Ceiling((marginMm / spacing) - 1e-9);
}
