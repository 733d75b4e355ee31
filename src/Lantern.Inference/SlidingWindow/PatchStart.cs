namespace Lantern.Inference.SlidingWindow;

/// <summary>Where a patch lies in the volume: its first voxel along each axis (its extent is the patch the sliding window runs, <see cref="SlidingWindowOptions.PatchFor"/>).</summary>
public readonly record struct PatchStart(int X, int Y, int Z);
