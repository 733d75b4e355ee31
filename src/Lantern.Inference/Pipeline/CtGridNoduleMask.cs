using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// The nodule voxels on the CT grid: 1 where the nodule probability on the nodule grid reaches the manifest's
/// threshold, taken to the CT grid by nearest neighbour (each CT voxel's centre mapped into the nodule grid
/// through patient space, each index rounded to the nearest, half-way up); 0 outside the nodule grid.
/// </summary>
internal static class CtGridNoduleMask
{
    /// <param name="above">1 or 0 per voxel of <paramref name="noduleGrid"/>.</param>
    /// <param name="box">The CT voxels the nodule grid was resampled from; no CT voxel outside it maps into the nodule grid.</param>
    public static Volume<byte> Reconstruct(byte[] above, VolumeGeometry noduleGrid, CropBox box, VolumeGeometry ctGrid)
    {
        var mask = new Volume<byte>(ctGrid);
        var map = new VoxelMap(ctGrid, noduleGrid);
        Parallel.For(box.MinZ, box.MaxZ + 1, z =>
        {
            for (var y = box.MinY; y <= box.MaxY; y++)
            {
                var row = mask.Voxels.AsSpan(mask.Index(0, y, z), ctGrid.SizeX);
                for (var x = box.MinX; x <= box.MaxX; x++)
                {
                    var index = map.NearestIndex(x, y, z);
                    row[x] = index < 0 ? (byte)0 : above[index];
                }
            }
        });
        return mask;
    }

    /// <summary>1 where <paramref name="probability"/> ≥ <paramref name="threshold"/>, else 0.</summary>
    public static byte[] Threshold(ReadOnlySpan<float> probability, double threshold)
    {
        var above = new byte[probability.Length];
        for (var i = 0; i < probability.Length; i++)
        {
            above[i] = probability[i] >= threshold ? (byte)1 : (byte)0;
        }

        return above;
    }
}
