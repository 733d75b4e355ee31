namespace Lantern.Inference.SlidingWindow;

/// <summary>
/// Extent of a voxel grid. Arrays over it run x fastest, then y, then z (index = (z·Y + y)·X + x),
/// the order of a channel-first tensor's last three dimensions [..., z, y, x].
/// </summary>
public readonly record struct GridSize(int X, int Y, int Z)
{
    public long VoxelCount => (long)X * Y * Z;

    public override string ToString() => $"{X}x{Y}x{Z}";
}
