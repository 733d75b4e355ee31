using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// Which patches of the nodule model's sliding window are worth running: those whose box meets a lung voxel
/// of the coarse mask. A nodule lies in a lung or against it; the rest of the lungs' bounding box is heart,
/// spine and chest wall (3–9% of the patches of the phantoms counted), where the model has nothing to find.
/// </summary>
internal static class LungPatches
{
    /// <summary>
    /// True for a patch of <paramref name="grid"/> whose box (its voxels'
    /// extent, taken into the lung grid through patient space) overlaps a lung voxel of <paramref name="lungs"/>.
    /// </summary>
    public static Func<PatchStart, GridSize, bool> Meeting(LungMask lungs, VolumeGeometry grid)
    {
        ArgumentNullException.ThrowIfNull(lungs);
        ArgumentNullException.ThrowIfNull(grid);
        return (start, patch) => MeetsLung(lungs, grid, patch, start);
    }

    private static bool MeetsLung(LungMask lungs, VolumeGeometry grid, GridSize patch, PatchStart start)
    {
        var g = lungs.Geometry;
        var (low, high) = GridBox.Into(
            grid,
            new Vector3D(start.X - 0.5, start.Y - 0.5, start.Z - 0.5),
            new Vector3D(start.X + patch.X - 0.5, start.Y + patch.Y - 0.5, start.Z + patch.Z - 0.5),
            g);

        // Lung voxel j covers [j - 0.5, j + 0.5] along each axis.
        static int First(double low) => (int)Math.Max(0, Math.Ceiling(low - 0.5));
        static int Last(double high, int size) => (int)Math.Min(size - 1, Math.Floor(high + 0.5));
        int x0 = First(low.X), y0 = First(low.Y), z0 = First(low.Z);
        int x1 = Last(high.X, g.SizeX), y1 = Last(high.Y, g.SizeY), z1 = Last(high.Z, g.SizeZ);
        var voxels = lungs.Labels.Voxels;
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (x0 <= x1 && voxels.AsSpan((z * g.SizeY + y) * g.SizeX + x0, x1 - x0 + 1).ContainsAnyExcept(LungMask.Background))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
