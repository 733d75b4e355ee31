using Lantern.Imaging.Volumes;
using Lantern.Inference.Pipeline;
using Lantern.Inference.PostProcessing;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.Tests.Pipeline;

public sealed class LungPatchesTests
{
    private static readonly Vector3D Origin = new(-40, 30, 100);
    private static readonly GridSize Patch = new(8, 8, 8);

    /// <summary>
    /// One lung voxel of 4 mm at index 5 spans 18–22 mm from the origin along each axis; a patch of eight 1 mm
    /// voxels starting at index s spans s − 0.5 to s + 7.5 mm. It meets the lung from s = 11 to s = 22.
    /// </summary>
    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    [InlineData(22, true)]
    [InlineData(23, false)]
    public void Meeting_PatchAlongX_TrueWhereItsBoxOverlapsTheLungVoxel(int startX, bool expected)
    {
        var lungs = new Volume<byte>(VolumeGeometry.Axial(10, 10, 10, new Vector3D(4, 4, 4), Origin));
        lungs[5, 5, 5] = LungMask.Right;
        var grid = VolumeGeometry.Axial(40, 40, 40, new Vector3D(1, 1, 1), Origin);

        var meeting = LungPatches.Meeting(new LungMask(lungs), grid);

        Assert.Equal(expected, meeting(new PatchStart(startX, 16, 16), Patch));
        Assert.False(meeting(new PatchStart(startX, 16, 30), Patch));
    }

    [Fact]
    public void Meeting_GridsOfDifferentOrigins_ComparedInPatientSpace()
    {
        var lungs = new Volume<byte>(VolumeGeometry.Axial(10, 10, 10, new Vector3D(4, 4, 4), Origin));
        lungs[0, 0, 0] = LungMask.Left;
        var grid = VolumeGeometry.Axial(20, 20, 20, new Vector3D(0.75, 0.75, 0.75), Origin + new Vector3D(-10, -10, -10));

        var meeting = LungPatches.Meeting(new LungMask(lungs), grid);

        // The lung voxel spans −2 to 2 mm from the lung grid's origin, 8 to 12 mm from the patch grid's.
        Assert.True(meeting(new PatchStart(6, 6, 6), Patch));
        Assert.False(meeting(new PatchStart(0, 0, 0), Patch));
        Assert.False(meeting(new PatchStart(17, 6, 6), Patch));
    }
}
