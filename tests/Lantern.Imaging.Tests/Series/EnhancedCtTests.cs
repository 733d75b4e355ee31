using Lantern.Dicom.Data;
using Lantern.Imaging.Series;
using Lantern.Imaging.Tests.Support;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Series;

public sealed class EnhancedCtTests : IDisposable
{
    private static readonly int[] Shuffled = [4, 0, 6, 2, 5, 1, 3];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadDirectory_FramesStoredOutOfOrder_StacksFramesByPosition(bool rescalePerFrame)
    {
        var ct = new SyntheticCt
        {
            Signed = true,
            Rescale = k => rescalePerFrame ? (k + 1, -10.0 * k) : (1, -1024),
            Hu = (x, y, k) => rescalePerFrame ? ((x + y) * (k + 1)) - (10 * k) : x - (20 * y) + (300 * k),
        };
        var dataset = EnhancedCt.Build(ct, Shuffled, rescalePerFrame);
        SyntheticCt.Save(dataset, Path.Combine(_temp.Path, "enhanced.dcm"), TransferSyntax.ExplicitVRLittleEndian);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        var geometry = loaded.Volume.Geometry;
        Assert.Equal((6, 5, 7), (geometry.SizeX, geometry.SizeY, geometry.SizeZ));
        Assert.Equal(new Vector3D(0.6, 0.8, 2.5), geometry.Spacing);
        Assert.Equal(ct.Origin, geometry.Origin);
        VolumeLoaderTests.AssertVoxels(ct, loaded.Volume, k => k);
        var uid = dataset.GetString(DicomTag.SOPInstanceUID);
        for (var k = 0; k < ct.Slices; k++)
        {
            // Slice k was stored as frame Array.IndexOf(Shuffled, k) + 1.
            Assert.Equal(new SliceSource(DicomUid.EnhancedCTImageStorage.Value, uid, Array.IndexOf(Shuffled, k) + 1), loaded.Slices[k]);
        }
    }

    [Fact]
    public void LoadDirectory_BigEndianEnhancedCt_SameVoxels()
    {
        var ct = new SyntheticCt { Signed = true, Hu = (x, y, k) => (x * 1000) - (y * 3) - k };
        SyntheticCt.Save(EnhancedCt.Build(ct, Shuffled, rescalePerFrame: false), Path.Combine(_temp.Path, "enhanced.dcm"), TransferSyntax.ExplicitVRBigEndian);

        VolumeLoaderTests.AssertVoxels(ct, VolumeLoader.LoadDirectory(_temp.Path).Volume, k => k);
    }

    [Fact]
    public void LoadDirectory_LocalizerFrameType_Localizer()
    {
        var ct = new SyntheticCt();
        var dataset = EnhancedCt.Build(ct, Shuffled, rescalePerFrame: false, frameType: "ORIGINAL\\PRIMARY\\LOCALIZER\\NONE");
        SyntheticCt.Save(dataset, Path.Combine(_temp.Path, "enhanced.dcm"), TransferSyntax.ExplicitVRLittleEndian);

        var error = Assert.Throws<NotAnalysableException>(() => VolumeLoader.LoadDirectory(_temp.Path));

        Assert.Equal(NotAnalysableReason.Localizer, error.Reason);
    }

    [Fact]
    public void LoadDirectory_FewerFrameItemsThanFrames_MissingAttribute()
    {
        var ct = new SyntheticCt();
        var dataset = EnhancedCt.Build(ct, Shuffled, rescalePerFrame: false);
        dataset.AddOrUpdate(DicomTag.NumberOfFrames, DicomVR.IS, "8");
        SyntheticCt.Save(dataset, Path.Combine(_temp.Path, "enhanced.dcm"), TransferSyntax.ExplicitVRLittleEndian);

        var error = Assert.Throws<NotAnalysableException>(() => VolumeLoader.LoadDirectory(_temp.Path));

        Assert.Equal(NotAnalysableReason.MissingAttribute, error.Reason);
        Assert.Contains("has 8 frames but 7 per-frame functional group items", error.Message, StringComparison.Ordinal);
    }
}
