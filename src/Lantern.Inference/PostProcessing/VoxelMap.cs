using Lantern.Imaging.Volumes;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// Takes voxel indices of one grid to continuous voxel indices of another through patient space. Both maps
/// are affine, so the composition is precomputed once and each voxel costs three multiply–adds per axis.
/// </summary>
internal readonly struct VoxelMap
{
    /// <summary>Far above the rounding error of a few multiply–adds, far below any real offset between grids.</summary>
    private const double TieTolerance = 1e-6;

    private readonly Vector3D _origin;
    private readonly Vector3D _stepX;
    private readonly Vector3D _stepY;
    private readonly Vector3D _stepZ;
    private readonly VolumeGeometry _to;

    public VoxelMap(VolumeGeometry from, VolumeGeometry to)
    {
        _to = to;
        _origin = to.PatientToVoxel(from.VoxelToPatient(0, 0, 0));
        _stepX = to.PatientToVoxel(from.VoxelToPatient(1, 0, 0)) - _origin;
        _stepY = to.PatientToVoxel(from.VoxelToPatient(0, 1, 0)) - _origin;
        _stepZ = to.PatientToVoxel(from.VoxelToPatient(0, 0, 1)) - _origin;
    }

    public Vector3D Map(int x, int y, int z) => _origin + (_stepX * x) + (_stepY * y) + (_stepZ * z);

    /// <summary>The array index of the target voxel nearest to source voxel (x, y, z), or −1 when it falls outside the target grid.</summary>
    public int NearestIndex(int x, int y, int z) => NearestIndex(_to, Map(x, y, z));

    /// <summary>
    /// The array index of the voxel of <paramref name="grid"/> nearest to a continuous voxel index, or −1 outside
    /// the grid. A position half-way between two voxels goes to the higher one, also when arithmetic through patient
    /// space left it a little short of half-way: ties are common (1.25 mm slices onto a 1 mm grid meet every
    /// second slice), and which way they go must not depend on the last bit.
    /// </summary>
    public static int NearestIndex(VolumeGeometry grid, Vector3D voxel)
    {
        var x = Nearest(voxel.X);
        var y = Nearest(voxel.Y);
        var z = Nearest(voxel.Z);
        return (uint)x < (uint)grid.SizeX && (uint)y < (uint)grid.SizeY && (uint)z < (uint)grid.SizeZ
            ? x + (grid.SizeX * (y + (grid.SizeY * z)))
            : -1;
    }

    /// <summary>Rounds half up, taking anything within <see cref="TieTolerance"/> below half-way as half-way.</summary>
    private static int Nearest(double index) => (int)Math.Floor(index + 0.5 + TieTolerance);
}
