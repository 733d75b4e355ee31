using Lantern.Imaging.Series;
using Lantern.Imaging.Tests.Support;
using Xunit.Abstractions;

namespace Lantern.Imaging.Tests.Series;

public sealed class LoadMemoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// Everything the load allocates, voxel array included, bounds its peak memory from above: the
    /// loader runs on the calling thread only, so this thread's allocation count is all of it.
    /// </summary>
    [Fact]
    public void LoadDirectory_FullSizeSlices_AllocatesLittleBeyondTheVoxels()
    {
        var ct = new SyntheticCt { Rows = 512, Columns = 512, Slices = 40, Signed = true, Hu = (x, y, k) => ((x ^ y) & 1023) - k };
        ct.Write(_temp.Path);
        var voxelBytes = 512L * 512 * 40 * sizeof(short);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = VolumeLoader.LoadDirectory(_temp.Path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"voxel data {voxelBytes / 1048576.0:F1} MiB; allocated while loading {allocated / 1048576.0:F1} MiB ({(double)allocated / voxelBytes:F2}×)");
        Assert.Equal(40, loaded.Volume.Geometry.SizeZ);
        Assert.InRange(allocated, voxelBytes, voxelBytes * 3 / 2);
    }
}
