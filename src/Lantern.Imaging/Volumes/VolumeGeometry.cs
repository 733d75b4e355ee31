namespace Lantern.Imaging.Volumes;

/// <summary>
/// Where a voxel grid lies in patient space (DICOM LPS, millimetres): voxel (x, y, z) — column, row,
/// slice — has its centre at <c>Origin + AxisX·x·Spacing.X + AxisY·y·Spacing.Y + AxisZ·z·Spacing.Z</c>.
/// For a CT series AxisX is the row direction of Image Orientation (Patient) (towards higher column
/// numbers), AxisY the column direction, AxisZ the direction slices advance in, and Origin the Image
/// Position (Patient) of the first slice.
/// </summary>
public sealed record VolumeGeometry
{
    private const double UnitTolerance = 1e-6;

    // Rows of the inverse of [AxisX·sx | AxisY·sy | AxisZ·sz], kept so that PatientToVoxel is three dot products.
    private readonly Vector3D _inverseX;
    private readonly Vector3D _inverseY;
    private readonly Vector3D _inverseZ;

    public VolumeGeometry(int sizeX, int sizeY, int sizeZ, Vector3D spacing, Vector3D origin, Vector3D axisX, Vector3D axisY, Vector3D axisZ)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeX);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeY);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeZ);
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "Spacing must be positive and finite.");
        }

        if (!double.IsFinite(origin.X + origin.Y + origin.Z))
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, "The origin must be finite.");
        }

        foreach (var (axis, name) in new[] { (axisX, nameof(axisX)), (axisY, nameof(axisY)), (axisZ, nameof(axisZ)) })
        {
            if (!(Math.Abs(axis.Length - 1) <= UnitTolerance))
            {
                throw new ArgumentOutOfRangeException(name, axis, "An axis must be a unit vector (direction cosines).");
            }
        }

        SizeX = sizeX;
        SizeY = sizeY;
        SizeZ = sizeZ;
        Spacing = spacing;
        Origin = origin;
        AxisX = axisX;
        AxisY = axisY;
        AxisZ = axisZ;

        var a = axisX * spacing.X;
        var b = axisY * spacing.Y;
        var c = axisZ * spacing.Z;
        var determinant = Vector3D.Dot(a, Vector3D.Cross(b, c));
        if (Math.Abs(determinant) < 1e-9 * spacing.X * spacing.Y * spacing.Z)
        {
            throw new ArgumentException("The axes lie in one plane; they span no volume.", nameof(axisZ));
        }

        _inverseX = Vector3D.Cross(b, c) / determinant;
        _inverseY = Vector3D.Cross(c, a) / determinant;
        _inverseZ = Vector3D.Cross(a, b) / determinant;
    }

    public int SizeX { get; }

    public int SizeY { get; }

    public int SizeZ { get; }

    /// <summary>Distance between voxel centres along each axis, in millimetres.</summary>
    public Vector3D Spacing { get; }

    /// <summary>The patient position of the centre of voxel (0, 0, 0).</summary>
    public Vector3D Origin { get; }

    public Vector3D AxisX { get; }

    public Vector3D AxisY { get; }

    public Vector3D AxisZ { get; }

    public long VoxelCount => (long)SizeX * SizeY * SizeZ;

    /// <summary>A grid with the identity direction (axial, patient's right to left, anterior to posterior, feet to head).</summary>
    public static VolumeGeometry Axial(int sizeX, int sizeY, int sizeZ, Vector3D spacing, Vector3D origin) =>
        new(sizeX, sizeY, sizeZ, spacing, origin, Vector3D.UnitX, Vector3D.UnitY, Vector3D.UnitZ);

    /// <summary>
    /// The grid with the same origin and axes whose voxel centres, <paramref name="spacing"/> apart, cover
    /// the span of this grid's centres: as many as fit without extrapolating past the last one.
    /// </summary>
    public VolumeGeometry WithSpacing(Vector3D spacing)
    {
        static int Count(int size, double from, double to) => (int)Math.Floor(((size - 1) * from / to) + 1e-9) + 1;

        return new VolumeGeometry(
            Count(SizeX, Spacing.X, spacing.X),
            Count(SizeY, Spacing.Y, spacing.Y),
            Count(SizeZ, Spacing.Z, spacing.Z),
            spacing,
            Origin,
            AxisX,
            AxisY,
            AxisZ);
    }

    /// <summary>The patient position (mm, LPS) of a continuous voxel index; integers are voxel centres.</summary>
    public Vector3D VoxelToPatient(Vector3D voxel) =>
        Origin + (AxisX * (voxel.X * Spacing.X)) + (AxisY * (voxel.Y * Spacing.Y)) + (AxisZ * (voxel.Z * Spacing.Z));

    public Vector3D VoxelToPatient(double x, double y, double z) => VoxelToPatient(new Vector3D(x, y, z));

    /// <summary>The continuous voxel index of a patient position; it may lie outside the grid.</summary>
    public Vector3D PatientToVoxel(Vector3D patient)
    {
        var offset = patient - Origin;
        return new Vector3D(Vector3D.Dot(_inverseX, offset), Vector3D.Dot(_inverseY, offset), Vector3D.Dot(_inverseZ, offset));
    }

    /// <summary>Whether a continuous voxel index lies within the grid's voxel centres (inclusive).</summary>
    public bool Contains(Vector3D voxel) =>
        voxel.X >= 0 && voxel.X <= SizeX - 1 && voxel.Y >= 0 && voxel.Y <= SizeY - 1 && voxel.Z >= 0 && voxel.Z <= SizeZ - 1;

    public override string ToString() =>
        $"{SizeX}×{SizeY}×{SizeZ} voxels of {Spacing} mm at {Origin}, axes {AxisX} {AxisY} {AxisZ}";
}
