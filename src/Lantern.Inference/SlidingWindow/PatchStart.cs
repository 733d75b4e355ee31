namespace Lantern.Inference.SlidingWindow;

/// <summary>Where a patch lies in the volume: its first voxel along each axis (its extent is the patch size).</summary>
public readonly record struct PatchStart(int X, int Y, int Z);
