using Lantern.Imaging.Resampling;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Resampling;

public class VolumeResamplerTests
{
    private static readonly Vector3D Origin = new(-50, 20, 100);

    [Fact]
    public void Resample_AffineRamp_ReproducesTheRampAtNewCentres()
    {
        // Trilinear interpolation is exact for a function linear in each coordinate.
        var source = Fill(VolumeGeometry.Axial(40, 30, 20, new Vector3D(0.7, 0.9, 2.5), Origin), p => (2 * p.X) - (3 * p.Y) + (0.5 * p.Z));

        var resampled = VolumeResampler.Resample(source, new Vector3D(1.3, 0.5, 1));

        var geometry = resampled.Geometry;
        Assert.Equal((22, 53, 48), (geometry.SizeX, geometry.SizeY, geometry.SizeZ));
        for (var z = 0; z < geometry.SizeZ; z++)
        {
            for (var y = 0; y < geometry.SizeY; y++)
            {
                for (var x = 0; x < geometry.SizeX; x++)
                {
                    var p = geometry.VoxelToPatient(x, y, z);
                    Assert.Equal((2 * p.X) - (3 * p.Y) + (0.5 * p.Z), resampled[x, y, z], 2);
                }
            }
        }
    }

    [Fact]
    public void Resample_RandomVolume_MatchesScalarTrilinearReference()
    {
        var random = new Random(11);
        var source = new Volume<short>(VolumeGeometry.Axial(37, 23, 17, new Vector3D(0.8, 0.6, 3), Origin));
        for (var i = 0; i < source.Voxels.Length; i++)
        {
            source.Voxels[i] = (short)random.Next(-1024, 3000);
        }

        var spacing = new Vector3D(1.1, 0.45, 1.25);
        var resampled = VolumeResampler.Resample(source, spacing);

        var geometry = resampled.Geometry;
        for (var z = 0; z < geometry.SizeZ; z++)
        {
            for (var y = 0; y < geometry.SizeY; y++)
            {
                for (var x = 0; x < geometry.SizeX; x++)
                {
                    var expected = Trilinear(source, source.Geometry.PatientToVoxel(geometry.VoxelToPatient(x, y, z)));
                    Assert.Equal(expected, resampled[x, y, z], 1e-2);
                }
            }
        }
    }

    [Fact]
    public void ResampleToInt16_HalfwayValues_RoundToNearestAndSaturate()
    {
        var source = new Volume<float>(VolumeGeometry.Axial(2, 1, 3, new Vector3D(1, 1, 1), Origin), [0, 3, 1e6f, 1e6f, -1e6f, -1e6f]);

        var resampled = VolumeResampler.ResampleToInt16(source, new Vector3D(0.5, 1, 1));

        Assert.Equal(new short[] { 0, 2, 3, short.MaxValue, short.MaxValue, short.MaxValue, short.MinValue, short.MinValue, short.MinValue }, resampled.Voxels);
    }

    [Fact]
    public void Resample_SameSpacing_CopiesTheVoxels()
    {
        var source = Fill(VolumeGeometry.Axial(9, 8, 7, new Vector3D(1, 2, 3), Origin), p => p.X * p.Y % 97);

        var resampled = VolumeResampler.Resample(source, source.Geometry.Spacing);

        Assert.Equal(source.Geometry, resampled.Geometry);
        Assert.Equal(source.Voxels, resampled.Voxels);
    }

    [Fact]
    public void Resample_ObliqueSource_KeepsOriginAndAxes()
    {
        var row = new Vector3D(0.6, 0.8, 0);
        var column = new Vector3D(0, 0, -1);
        var source = new Volume<short>(new VolumeGeometry(10, 10, 10, new Vector3D(1, 1, 1), Origin, row, column, Vector3D.Cross(row, column)));

        var geometry = VolumeResampler.Resample(source, new Vector3D(2, 2, 2)).Geometry;

        Assert.Equal((5, 5, 5), (geometry.SizeX, geometry.SizeY, geometry.SizeZ));
        Assert.Equal((source.Geometry.Origin, row, column), (geometry.Origin, geometry.AxisX, geometry.AxisY));
    }

    private static Volume<float> Fill(VolumeGeometry geometry, Func<Vector3D, double> value)
    {
        var volume = new Volume<float>(geometry);
        for (var z = 0; z < geometry.SizeZ; z++)
        {
            for (var y = 0; y < geometry.SizeY; y++)
            {
                for (var x = 0; x < geometry.SizeX; x++)
                {
                    volume[x, y, z] = (float)value(geometry.VoxelToPatient(x, y, z));
                }
            }
        }

        return volume;
    }

    /// <summary>The textbook form: eight neighbours weighted by the product of 1-D weights.</summary>
    private static double Trilinear(Volume<short> volume, Vector3D at)
    {
        var g = volume.Geometry;
        int x0 = Math.Min((int)at.X, g.SizeX - 2), y0 = Math.Min((int)at.Y, g.SizeY - 2), z0 = Math.Min((int)at.Z, g.SizeZ - 2);
        double fx = at.X - x0, fy = at.Y - y0, fz = at.Z - z0;
        var sum = 0.0;
        for (var dz = 0; dz <= 1; dz++)
        {
            for (var dy = 0; dy <= 1; dy++)
            {
                for (var dx = 0; dx <= 1; dx++)
                {
                    var weight = (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz);
                    sum += weight * volume[x0 + dx, y0 + dy, z0 + dz];
                }
            }
        }

        return sum;
    }
}
