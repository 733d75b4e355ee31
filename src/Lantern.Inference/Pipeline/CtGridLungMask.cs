using System.Runtime.CompilerServices;
using Lantern.Imaging.Resampling;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// The lung mask on the CT grid, from the lung model's probabilities on its coarse grid. The coarse grid is
/// the CT grid's <see cref="VolumeGeometry.WithSpacing"/>: same origin and axes, so CT voxel i lies at coarse
/// index i · CT spacing / coarse spacing.
/// <list type="number">
/// <item>Each probability channel c in turn is resampled trilinearly onto the CT spacing with
/// <see cref="VolumeResampler"/> (output voxel i at coarse index i · step, step = CT spacing / coarse spacing).
/// That covers the first K = ⌊(m − 1) · coarse / CT + 10⁻⁹⌋ + 1 CT voxels along each axis, m coarse voxels.</item>
/// <item>A running arg-max keeps, per covered voxel, the largest probability so far and its channel; a
/// channel replaces the one kept only when strictly larger (ties go to the lower channel, as numpy's argmax).
/// Only one channel and the running maximum are held at a time.</item>
/// <item>The winning channel becomes a side: the left-lung label's channel 1, the right-lung label's 2, any
/// other 0; a lung whose manifest gives it a threshold falls to 0 where its probability is below it.</item>
/// <item>CT voxels beyond the last covered one along an axis take the side of the last covered voxel
/// along that axis (edge replication: index clamped to K − 1), so the last few millimetres are not lost.</item>
/// <item>The sides go through the same post-processing as the coarse mask (<see cref="LungMask.FromProbabilities"/>,
/// without the one-hot float channels it would need: 1 byte per CT voxel instead of 8): largest 26-connected component per side, then slice-wise hole
/// filling up to <see cref="LungMaskOptions.MaximumHoleAreaMm2"/> at the CT grid's pixel area.</item>
/// </list>
/// </summary>
internal static class CtGridLungMask
{
    public static LungMask Reconstruct(float[] probabilities, VolumeGeometry lungGrid, VolumeGeometry ctGrid, ModelManifest manifest, LungMaskOptions options) =>
        LungMask.FromSides(Sides(probabilities, lungGrid, ctGrid, manifest, options), ctGrid, options);

    /// <summary>
    /// Steps 1 to 4: 0, 1 or 2 per CT voxel. Optimised from the first call: code not yet optimised keeps the last
    /// channel's volume alive while the next one is made, a third float volume of the CT grid's size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Sides(float[] probabilities, VolumeGeometry lungGrid, VolumeGeometry ctGrid, ModelManifest manifest, LungMaskOptions options)
    {
        var channels = manifest.Labels.Count;
        var coarseVoxels = checked((int)lungGrid.VoxelCount);
        float[]? best = null;
        byte[]? winner = null;
        VolumeGeometry? covered = null;
        for (var c = 0; c < channels; c++)
        {
            var channel = new Volume<float>(lungGrid, probabilities.AsSpan(c * coarseVoxels, coarseVoxels).ToArray());
            var fine = VolumeResampler.Resample(channel, ctGrid.Spacing);
            if (best is null)
            {
                best = fine.Voxels;
                winner = new byte[best.Length];
                covered = fine.Geometry;
                continue;
            }

            var candidate = fine.Voxels;
            var kept = best;
            var won = winner!;
            var index = (byte)c;
            Parallel.For(0, covered!.SizeZ, z =>
            {
                var length = covered.SizeX * covered.SizeY;
                for (var i = z * length; i < (z + 1) * length; i++)
                {
                    if (candidate[i] > kept[i])
                    {
                        kept[i] = candidate[i];
                        won[i] = index;
                    }
                }
            });
        }

        var side = new byte[channels];
        var threshold = new float[channels];
        var left = ManifestLabels.Channel(manifest, options.LeftLabel);
        var right = ManifestLabels.Channel(manifest, options.RightLabel);
        side[left] = LungMask.Left;
        side[right] = LungMask.Right;
        threshold[left] = manifest.Thresholds.TryGetValue(options.LeftLabel, out var l) ? (float)l : float.NegativeInfinity;
        threshold[right] = manifest.Thresholds.TryGetValue(options.RightLabel, out var r) ? (float)r : float.NegativeInfinity;
        for (var i = 0; i < winner!.Length; i++)
        {
            var c = winner[i];
            winner[i] = best![i] >= threshold[c] ? side[c] : LungMask.Background;
        }

        return Replicate(winner, covered!, ctGrid);
    }

    /// <summary>Step 4: the covered part copied into the CT grid, its last row, column and slice repeated to the edge.</summary>
    private static byte[] Replicate(byte[] sides, VolumeGeometry covered, VolumeGeometry ctGrid)
    {
        int kx = Math.Min(covered.SizeX, ctGrid.SizeX), ky = Math.Min(covered.SizeY, ctGrid.SizeY), kz = Math.Min(covered.SizeZ, ctGrid.SizeZ);
        int nx = ctGrid.SizeX, ny = ctGrid.SizeY;
        var result = GC.AllocateUninitializedArray<byte>(checked((int)ctGrid.VoxelCount));
        Parallel.For(0, ctGrid.SizeZ, z =>
        {
            var sz = Math.Min(z, kz - 1);
            for (var y = 0; y < ny; y++)
            {
                var sy = Math.Min(y, ky - 1);
                var source = sides.AsSpan((sz * covered.SizeY + sy) * covered.SizeX, kx);
                var target = result.AsSpan((z * ny + y) * nx, nx);
                source.CopyTo(target);
                target[kx..].Fill(source[kx - 1]);
            }
        });
        return result;
    }
}
