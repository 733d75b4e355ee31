namespace Lantern.Inference.PostProcessing;

/// <summary>
/// Consecutive voxels of one connected component along x: <see cref="Length"/> voxels from
/// (<see cref="X"/>, <see cref="Y"/>, <see cref="Z"/>). Components are kept as runs rather than as a label
/// per voxel, so what they cost grows with their outline, not with the grid.
/// </summary>
public readonly record struct ComponentRun(int Label, int X, int Y, int Z, int Length)
{
    /// <summary>The x just past the run's last voxel.</summary>
    public int EndX => X + Length;
}
