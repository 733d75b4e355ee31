using Lantern.Imaging.Volumes;
using Lantern.Inference.Pipeline;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.Pipeline;

public sealed class CropBoxTests
{
    private static readonly VolumeGeometry CtGrid = VolumeGeometry.Axial(100, 80, 60, new Vector3D(0.5, 0.5, 2), new Vector3D(-25, -20, 10));

    [Fact]
    public void AroundLungs_LungInsideTheGrid_CentresSpanGrownByTheMarginInCtVoxels()
    {
        var lungs = Lungs(CtGrid.WithSpacing(new Vector3D(4, 4, 4)), (3, 2, 5), (5, 4, 8));

        var box = CropBox.AroundLungs(lungs, CtGrid, marginMm: 2)!.Value;

        // Lung centres span x 12..20 mm, y 8..16 mm, z 20..32 mm from the origin; 2 mm more each side.
        Assert.Equal(new CropBox(20, 12, 9, 44, 36, 17), box);
        Assert.Equal(CtGrid.VoxelToPatient(20, 12, 9), box.Geometry(CtGrid).Origin);
        Assert.Equal((25, 25, 9), (box.SizeX, box.SizeY, box.SizeZ));
    }

    [Fact]
    public void AroundLungs_MarginBeyondTheGrid_ClippedToTheGrid()
    {
        var lungs = Lungs(CtGrid.WithSpacing(new Vector3D(4, 4, 4)), (0, 0, 0), (12, 9, 29));

        var box = CropBox.AroundLungs(lungs, CtGrid, marginMm: 10)!.Value;

        Assert.Equal(new CropBox(0, 0, 0, 99, 79, 59), box);
    }

    [Fact]
    public void AroundLungs_NoLung_Null()
    {
        var grid = CtGrid.WithSpacing(new Vector3D(4, 4, 4));

        Assert.Null(CropBox.AroundLungs(new LungMask(new Volume<byte>(grid)), CtGrid, 10));
    }

    [Fact]
    public void Extract_Box_CopiesItsVoxelsOntoItsGrid()
    {
        var volume = new Volume<short>(CtGrid);
        for (var i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = (short)(i % 30000);
        }

        var box = new CropBox(10, 20, 30, 14, 22, 31);
        var crop = box.Extract(volume);

        Assert.Equal(box.Geometry(CtGrid), crop.Geometry);
        Assert.Equal(volume[10, 20, 30], crop[0, 0, 0]);
        Assert.Equal(volume[14, 22, 31], crop[4, 2, 1]);
        Assert.Equal(volume[12, 21, 31], crop[2, 1, 1]);
    }

    private static LungMask Lungs(VolumeGeometry grid, (int X, int Y, int Z) first, (int X, int Y, int Z) last)
    {
        var labels = new Volume<byte>(grid);
        for (var z = first.Z; z <= last.Z; z++)
        {
            for (var y = first.Y; y <= last.Y; y++)
            {
                for (var x = first.X; x <= last.X; x++)
                {
                    labels[x, y, z] = LungMask.Left;
                }
            }
        }

        return new LungMask(labels);
    }
}
