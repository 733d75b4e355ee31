using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Pipeline;

/// <summary>A box of voxels of the CT grid, inclusive at both ends: where the nodule model looks.</summary>
internal readonly record struct CropBox(int MinX, int MinY, int MinZ, int MaxX, int MaxY, int MaxZ)
{
    public int SizeX => MaxX - MinX + 1;

    public int SizeY => MaxY - MinY + 1;

    public int SizeZ => MaxZ - MinZ + 1;

    /// <summary>
    /// The CT voxels within <paramref name="marginMm"/> (along each of the CT grid's axes) of the box spanned
    /// by the centres of the lung voxels of <paramref name="lungs"/>; null when the mask holds no lung.
    /// The lung box's corners are taken into the CT grid through patient space; the box is rounded outwards
    /// to whole CT voxels and clipped to the grid.
    /// </summary>
    public static CropBox? AroundLungs(LungMask lungs, VolumeGeometry ctGrid, double marginMm)
    {
        ArgumentNullException.ThrowIfNull(lungs);
        ArgumentNullException.ThrowIfNull(ctGrid);
        var g = lungs.Geometry;
        int minX = int.MaxValue, minY = int.MaxValue, minZ = int.MaxValue, maxX = -1, maxY = -1, maxZ = -1;
        var voxels = lungs.Labels.Voxels;
        for (var z = 0; z < g.SizeZ; z++)
        {
            for (var y = 0; y < g.SizeY; y++)
            {
                var row = voxels.AsSpan((z * g.SizeY + y) * g.SizeX, g.SizeX);
                var first = row.IndexOfAnyExcept(LungMask.Background);
                if (first < 0)
                {
                    continue;
                }

                minX = Math.Min(minX, first);
                maxX = Math.Max(maxX, row.LastIndexOfAnyExcept(LungMask.Background));
                minY = Math.Min(minY, y);
                maxY = Math.Max(maxY, y);
                minZ = Math.Min(minZ, z);
                maxZ = Math.Max(maxZ, z);
            }
        }

        if (maxX < 0)
        {
            return null;
        }

        var (low, high) = GridBox.Into(g, new Vector3D(minX, minY, minZ), new Vector3D(maxX, maxY, maxZ), ctGrid);

        var margin = new Vector3D(marginMm / ctGrid.Spacing.X, marginMm / ctGrid.Spacing.Y, marginMm / ctGrid.Spacing.Z);
        static int Floor(double value, int size) => (int)Math.Clamp(Math.Floor(value + 1e-9), 0, size - 1);
        static int Ceiling(double value, int size) => (int)Math.Clamp(Math.Ceiling(value - 1e-9), 0, size - 1);
        return new CropBox(
            Floor(low.X - margin.X, ctGrid.SizeX),
            Floor(low.Y - margin.Y, ctGrid.SizeY),
            Floor(low.Z - margin.Z, ctGrid.SizeZ),
            Ceiling(high.X + margin.X, ctGrid.SizeX),
            Ceiling(high.Y + margin.Y, ctGrid.SizeY),
            Ceiling(high.Z + margin.Z, ctGrid.SizeZ));
    }

    /// <summary>The grid of the box: the CT grid's spacing and axes, its origin at the box's first voxel.</summary>
    public VolumeGeometry Geometry(VolumeGeometry ctGrid)
    {
        ArgumentNullException.ThrowIfNull(ctGrid);
        return new VolumeGeometry(SizeX, SizeY, SizeZ, ctGrid.Spacing, ctGrid.VoxelToPatient(MinX, MinY, MinZ), ctGrid.AxisX, ctGrid.AxisY, ctGrid.AxisZ);
    }

    /// <summary>A copy of the box's voxels of <paramref name="volume"/>, on <see cref="Geometry"/>.</summary>
    public Volume<short> Extract(Volume<short> volume)
    {
        var g = volume.Geometry;
        var crop = new Volume<short>(Geometry(g), GC.AllocateUninitializedArray<short>(checked(SizeX * SizeY * SizeZ)));
        for (var z = 0; z < SizeZ; z++)
        {
            for (var y = 0; y < SizeY; y++)
            {
                volume.Voxels.AsSpan(volume.Index(MinX, MinY + y, MinZ + z), SizeX).CopyTo(crop.Voxels.AsSpan((z * SizeY + y) * SizeX, SizeX));
            }
        }

        return crop;
    }
}
