using Lantern.Imaging.Volumes;

namespace Lantern.Inference.Tests.Pipeline;

/// <summary>
/// A small CT volume the <see cref="PipelineModels"/> read as two lungs with a nodule each: the patient's left
/// half (x ≥ 0 mm) at −800 HU is "left lung", the right half at −900 HU "right lung", and two spheres of 400 HU,
/// one in each half, are nodules. 64 × 48 × 40 voxels of 1 × 1 × 1.5 mm, axial.
/// </summary>
internal static class TwoLungVolume
{
    public const short LeftHu = -800;
    public const short RightHu = -900;
    public const short NoduleHu = 400;

    public static readonly Vector3D LeftNodule = new(14, -2, 128);
    public const double LeftNoduleRadiusMm = 5;

    public static readonly Vector3D RightNodule = new(-15, 4, 118);
    public const double RightNoduleRadiusMm = 4;

    public static VolumeGeometry Grid(int slices = 40) =>
        VolumeGeometry.Axial(64, 48, slices, new Vector3D(1, 1, 1.5), new Vector3D(-32, -24, 100));

    public static Volume<short> Create(int slices = 40)
    {
        var volume = new Volume<short>(Grid(slices));
        var g = volume.Geometry;
        for (var z = 0; z < g.SizeZ; z++)
        {
            for (var y = 0; y < g.SizeY; y++)
            {
                for (var x = 0; x < g.SizeX; x++)
                {
                    var p = g.VoxelToPatient(x, y, z);
                    volume[x, y, z] = (p - LeftNodule).Length <= LeftNoduleRadiusMm || (p - RightNodule).Length <= RightNoduleRadiusMm
                        ? NoduleHu
                        : p.X >= 0 ? LeftHu : RightHu;
                }
            }
        }

        return volume;
    }
}
