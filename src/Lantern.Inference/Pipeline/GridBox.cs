using Lantern.Imaging.Volumes;

namespace Lantern.Inference.Pipeline;

/// <summary>A box of one grid's voxel coordinates seen from another grid, which may differ in origin, spacing and axes.</summary>
internal static class GridBox
{
    /// <summary>
    /// The smallest box of <paramref name="to"/>'s continuous voxel coordinates that holds the box from
    /// <paramref name="low"/> to <paramref name="high"/> of <paramref name="from"/>'s: its eight corners taken
    /// through patient space.
    /// </summary>
    public static (Vector3D Low, Vector3D High) Into(VolumeGeometry from, Vector3D low, Vector3D high, VolumeGeometry to)
    {
        var first = new Vector3D(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        var last = -first;
        for (var corner = 0; corner < 8; corner++)
        {
            var p = to.PatientToVoxel(from.VoxelToPatient(
                (corner & 1) == 0 ? low.X : high.X,
                (corner & 2) == 0 ? low.Y : high.Y,
                (corner & 4) == 0 ? low.Z : high.Z));
            first = new Vector3D(Math.Min(first.X, p.X), Math.Min(first.Y, p.Y), Math.Min(first.Z, p.Z));
            last = new Vector3D(Math.Max(last.X, p.X), Math.Max(last.Y, p.Y), Math.Max(last.Z, p.Z));
        }

        return (first, last);
    }
}
