using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Volumes;

public class VolumeGeometryTests
{
    private static readonly Vector3D Spacing = new(0.7, 0.8, 2.5);
    private static readonly Vector3D Origin = new(-120, -90, 310);

    [Fact]
    public void VoxelToPatient_AxialGrid_StepsAlongEachAxisBySpacing()
    {
        var geometry = VolumeGeometry.Axial(10, 12, 8, Spacing, Origin);

        Assert.Equal(Origin, geometry.VoxelToPatient(0, 0, 0));
        AssertClose(new Vector3D(-120 + 0.7, -90, 310), geometry.VoxelToPatient(1, 0, 0));
        AssertClose(new Vector3D(-120, -90 + (0.8 * 3), 310), geometry.VoxelToPatient(0, 3, 0));
        AssertClose(new Vector3D(-120 + (0.7 * 9), -90 + (0.8 * 11), 310 + (2.5 * 7)), geometry.VoxelToPatient(9, 11, 7));
    }

    [Fact]
    public void VoxelToPatient_CoronalGrid_FollowsDirectionCosines()
    {
        // Rows run right to left, columns head to feet: the slice normal (row × column) points anterior.
        var row = Vector3D.UnitX;
        var column = new Vector3D(0, 0, -1);
        var normal = Vector3D.Cross(row, column);
        var geometry = new VolumeGeometry(4, 5, 6, Spacing, Origin, row, column, normal);

        Assert.Equal(new Vector3D(0, 1, 0), normal);
        AssertClose(Origin + new Vector3D(0.7 * 2, 2.5 * 5, -0.8 * 3), geometry.VoxelToPatient(2, 3, 5));
    }

    [Fact]
    public void PatientToVoxel_ObliqueGrid_InvertsVoxelToPatient()
    {
        var geometry = Oblique();
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var voxel = new Vector3D(random.NextDouble() * 300, random.NextDouble() * 300, random.NextDouble() * 100);
            AssertClose(voxel, geometry.PatientToVoxel(geometry.VoxelToPatient(voxel)));
        }
    }

    [Fact]
    public void PatientToVoxel_ShearedGrid_InvertsVoxelToPatient()
    {
        // A z axis that is not perpendicular to the slices: the grid of a tilted gantry.
        var tilted = new Vector3D(0, Math.Sin(0.3), Math.Cos(0.3));
        var geometry = new VolumeGeometry(8, 8, 8, Spacing, Origin, Vector3D.UnitX, Vector3D.UnitY, tilted);
        var voxel = new Vector3D(3.5, -2, 6.25);

        AssertClose(voxel, geometry.PatientToVoxel(geometry.VoxelToPatient(voxel)));
    }

    [Fact]
    public void Constructor_AxisNotUnit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new VolumeGeometry(2, 2, 2, Spacing, Origin, new Vector3D(2, 0, 0), Vector3D.UnitY, Vector3D.UnitZ));
    }

    [Fact]
    public void Constructor_AxesInOnePlane_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new VolumeGeometry(2, 2, 2, Spacing, Origin, Vector3D.UnitX, Vector3D.UnitY, Vector3D.UnitX));
    }

    [Fact]
    public void Constructor_ZeroSpacing_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumeGeometry.Axial(2, 2, 2, new Vector3D(1, 0, 1), Origin));
    }

    [Fact]
    public void WithSpacing_CoarserAndFiner_CoversTheSameSpanFromTheSameOrigin()
    {
        var geometry = Oblique();

        var resampled = geometry.WithSpacing(new Vector3D(1.5, 0.4, 1));

        // x: 299 × 0.7 = 209.3 mm → 139 steps of 1.5; y: 299 × 0.8 = 239.2 → 598 steps of 0.4; z: 99 × 2.5 → 247 steps of 1.
        Assert.Equal((140, 599, 248), (resampled.SizeX, resampled.SizeY, resampled.SizeZ));
        Assert.Equal(geometry.Origin, resampled.Origin);
        Assert.Equal((geometry.AxisX, geometry.AxisY, geometry.AxisZ), (resampled.AxisX, resampled.AxisY, resampled.AxisZ));
        AssertClose(geometry.VoxelToPatient(0, 0, 10), resampled.VoxelToPatient(0, 0, 25));
    }

    [Fact]
    public void Contains_PointsInsideAndOutside_TellsThemApart()
    {
        var geometry = VolumeGeometry.Axial(4, 4, 4, Spacing, Origin);

        Assert.True(geometry.Contains(new Vector3D(3, 0, 1.5)));
        Assert.False(geometry.Contains(new Vector3D(3.01, 0, 1.5)));
        Assert.False(geometry.Contains(new Vector3D(0, -0.01, 0)));
    }

    /// <summary>A grid rotated about an arbitrary axis.</summary>
    private static VolumeGeometry Oblique()
    {
        var row = new Vector3D(0.8, 0.6, 0).Normalize();
        var column = Vector3D.Cross(new Vector3D(0.2, -0.3, 1).Normalize(), row).Normalize();
        return new VolumeGeometry(300, 300, 100, Spacing, Origin, row, column, Vector3D.Cross(row, column));
    }

    internal static void AssertClose(Vector3D expected, Vector3D actual, double tolerance = 1e-9) =>
        Assert.True(Vector3D.MaxDifference(expected, actual) <= tolerance * Math.Max(1, expected.Length), $"expected {expected}, got {actual}");
}
