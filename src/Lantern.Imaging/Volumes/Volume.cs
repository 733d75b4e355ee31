using System.Numerics;

namespace Lantern.Imaging.Volumes;

/// <summary>
/// Voxels on a <see cref="VolumeGeometry"/>, in one array: x fastest, then y, then z
/// (index = x + SizeX·(y + SizeY·z)), so a slice is one contiguous span. CT volumes hold Hounsfield
/// units as <see cref="short"/>; resampled or normalised ones may hold <see cref="float"/>.
/// </summary>
public sealed class Volume<T>
    where T : unmanaged, INumberBase<T>
{
    /// <summary>Wraps <paramref name="voxels"/> without copying; it must hold exactly the grid's voxel count.</summary>
    public Volume(VolumeGeometry geometry, T[] voxels)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(voxels);
        if (voxels.LongLength != geometry.VoxelCount)
        {
            throw new ArgumentException($"The grid has {geometry.VoxelCount} voxels but the array holds {voxels.LongLength}.", nameof(voxels));
        }

        Geometry = geometry;
        Voxels = voxels;
    }

    /// <summary>A volume of zeros.</summary>
    public Volume(VolumeGeometry geometry)
        : this(geometry, new T[CheckedCount(geometry)])
    {
    }

    public VolumeGeometry Geometry { get; }

    public T[] Voxels { get; }

    public int SliceLength => Geometry.SizeX * Geometry.SizeY;

    public T this[int x, int y, int z]
    {
        get => Voxels[Index(x, y, z)];
        set => Voxels[Index(x, y, z)] = value;
    }

    public int Index(int x, int y, int z)
    {
        var g = Geometry;
        if ((uint)x >= (uint)g.SizeX || (uint)y >= (uint)g.SizeY || (uint)z >= (uint)g.SizeZ)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Voxel ({x}, {y}, {z}) is outside {g.SizeX}×{g.SizeY}×{g.SizeZ}.");
        }

        return x + (g.SizeX * (y + (g.SizeY * z)));
    }

    public Span<T> GetSlice(int z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(z, Geometry.SizeZ);
        return Voxels.AsSpan(z * SliceLength, SliceLength);
    }

    /// <summary>The element count of a grid, or an exception when one array cannot hold it.</summary>
    internal static int CheckedCount(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return geometry.VoxelCount <= Array.MaxLength
            ? (int)geometry.VoxelCount
            : throw new ArgumentException($"{geometry.VoxelCount} voxels do not fit in one array (at most {Array.MaxLength}).", nameof(geometry));
    }
}
