using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Volumes;

public class VolumeTests
{
    private static readonly VolumeGeometry Grid = VolumeGeometry.Axial(3, 4, 5, new Vector3D(1, 1, 1), Vector3D.Zero);

    [Fact]
    public void Indexer_Layout_XFastestThenYThenZ()
    {
        var volume = new Volume<short>(Grid);

        volume[2, 1, 3] = 42;

        Assert.Equal(42, volume.Voxels[2 + (3 * (1 + (4 * 3)))]);
        Assert.Equal(42, volume.GetSlice(3)[2 + (3 * 1)]);
        Assert.Equal(12, volume.GetSlice(0).Length);
    }

    [Fact]
    public void Indexer_OutsideGrid_Throws()
    {
        var volume = new Volume<float>(Grid);

        Assert.Throws<ArgumentOutOfRangeException>(() => volume[3, 0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => volume.GetSlice(5));
    }

    [Fact]
    public void Constructor_ArrayOfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Volume<short>(Grid, new short[59]));
    }
}
