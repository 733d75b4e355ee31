using Lantern.Imaging.Volumes;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// The voxels a finding spans, inclusive, on the grid it was found on, and the box in patient space (LPS mm)
/// that encloses those voxels' outer faces: <see cref="MinMm"/> holds the smallest x, y and z, <see cref="MaxMm"/> the largest.
/// </summary>
public sealed record BoundingBox(int MinX, int MinY, int MinZ, int MaxX, int MaxY, int MaxZ, Vector3D MinMm, Vector3D MaxMm)
{
    /// <summary>The box's extent along patient x, y and z in mm.</summary>
    public Vector3D SizeMm => MaxMm - MinMm;
}
