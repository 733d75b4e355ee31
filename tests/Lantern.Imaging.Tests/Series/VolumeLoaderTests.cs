using Lantern.Dicom.Data;
using Lantern.Imaging.Series;
using Lantern.Imaging.Tests.Support;
using Lantern.Imaging.Tests.Volumes;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Series;

public sealed class VolumeLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadDirectory_AxialSeriesInRandomFileOrder_SortsAlongNormalAndConvertsToHu()
    {
        var ct = new SyntheticCt();
        ct.Write(_temp.Path);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        var geometry = loaded.Volume.Geometry;
        Assert.Equal((6, 5, 7), (geometry.SizeX, geometry.SizeY, geometry.SizeZ));
        Assert.Equal(new Vector3D(0.6, 0.8, 2.5), geometry.Spacing);
        Assert.Equal(ct.Origin, geometry.Origin);
        Assert.Equal((Vector3D.UnitX, Vector3D.UnitY, Vector3D.UnitZ), (geometry.AxisX, geometry.AxisY, geometry.AxisZ));
        AssertVoxels(ct, loaded.Volume, k => k);
        Assert.Empty(loaded.Notes);
    }

    [Fact]
    public void LoadDirectory_PositionsDescendingAlongNormal_FirstSliceIsTheLowest()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(-100, -120, 40 - (3 * k)) };
        ct.Write(_temp.Path);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        var geometry = loaded.Volume.Geometry;
        Assert.Equal(ct.Position(6), geometry.Origin);
        Assert.Equal(3, geometry.Spacing.Z, 9);
        AssertVoxels(ct, loaded.Volume, k => 6 - k);
    }

    [Fact]
    public void LoadDirectory_ObliqueOrientation_VoxelCentresLieAtTheSlicesPixels()
    {
        var row = new Vector3D(0.8, 0.6, 0);
        var column = new Vector3D(0, 0, -1);
        var ct = new SyntheticCt { RowDirection = row, ColumnDirection = column, Origin = new Vector3D(12.5, -40, 100) };
        ct.Write(_temp.Path);

        var geometry = VolumeLoader.LoadDirectory(_temp.Path).Volume.Geometry;

        // Pixel (column c, row r) of slice k lies at IPP(k) + row·c·Δcolumns + column·r·Δrows (PS3.3 §C.7.6.2.1.1).
        var expected = ct.Position(4) + (row * (5 * ct.BetweenColumns)) + (column * (3 * ct.BetweenRows));
        VolumeGeometryTests.AssertClose(expected, geometry.VoxelToPatient(5, 3, 4));
        VolumeGeometryTests.AssertClose(new Vector3D(5, 3, 4), geometry.PatientToVoxel(expected));
        VolumeGeometryTests.AssertClose(new Vector3D(-0.6, 0.8, 0), geometry.AxisZ);
    }

    [Fact]
    public void LoadDirectory_SlopeAndInterceptPerSlice_AppliedToEachSlice()
    {
        var ct = new SyntheticCt
        {
            Signed = true,
            Rescale = k => (k % 2 == 0 ? 2 : 0.5, k * -100.0),
            Hu = (x, y, k) => ((x + y) * 2) - (k * 50),
        };
        ct.Write(_temp.Path);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        AssertVoxels(ct, loaded.Volume, k => k);
    }

    [Fact]
    public void LoadDirectory_FractionalRescale_RoundsToWholeHu()
    {
        // Stored 0..29 × 0.3 − 2.5: HU with fractions, rounded half to even.
        var ct = new SyntheticCt { Rescale = _ => (0.3, -2.5), Hu = (x, y, _) => 0 };
        var directory = _temp.Sub("series");
        for (var k = 0; k < ct.Slices; k++)
        {
            var slice = ct.Slice(k);
            var stored = new byte[ct.Rows * ct.Columns * 2];
            for (var i = 0; i < ct.Rows * ct.Columns; i++)
            {
                stored[2 * i] = (byte)i;
            }

            slice.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)stored);
            SyntheticCt.Save(slice, Path.Combine(directory, $"{k}.dcm"), ct.Syntax);
        }

        var volume = VolumeLoader.LoadDirectory(directory).Volume;

        for (var i = 0; i < ct.Rows * ct.Columns; i++)
        {
            Assert.Equal((short)Math.Round((i * 0.3f) - 2.5f), volume.Voxels[i]);
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    [InlineData("1.2.840.10008.1.2.2")]
    public void LoadDirectory_UncompressedSyntax_SameVoxels(string syntax)
    {
        var ct = new SyntheticCt { Syntax = TransferSyntax.Lookup(syntax), Signed = true, Hu = (x, y, k) => (x * 300) - (y * 700) + k };
        ct.Write(_temp.Path);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        AssertVoxels(ct, loaded.Volume, k => k);
    }

    [Fact]
    public void LoadDirectory_UnsignedTwelveBitsWithJunkAbove_MasksToBitsStored()
    {
        var ct = new SyntheticCt { BitsStored = 12, JunkAboveHighBit = true, Rescale = _ => (1, -1000) };
        ct.Write(_temp.Path);

        AssertVoxels(ct, VolumeLoader.LoadDirectory(_temp.Path).Volume, k => k);
    }

    [Fact]
    public void LoadDirectory_SignedTwelveBitsWithJunkAbove_SignExtendsFromHighBit()
    {
        var ct = new SyntheticCt { Signed = true, BitsStored = 12, JunkAboveHighBit = true, Rescale = _ => (1, 0), Hu = (x, y, k) => (x * 100) - 1500 + y };
        ct.Write(_temp.Path);

        AssertVoxels(ct, VolumeLoader.LoadDirectory(_temp.Path).Volume, k => k);
    }

    [Fact]
    public void LoadDirectory_HuBeyondInt16_Saturates()
    {
        var ct = new SyntheticCt { Rescale = _ => (1, 0), Hu = (x, _, _) => x == 0 ? 65535 : 7 };
        ct.Write(_temp.Path);

        var volume = VolumeLoader.LoadDirectory(_temp.Path).Volume;

        Assert.Equal(short.MaxValue, volume[0, 2, 3]);
        Assert.Equal(7, volume[1, 2, 3]);
    }

    [Fact]
    public void LoadDirectory_SameInstanceInTwoFiles_UsesOneCopyAndSaysSo()
    {
        var ct = new SyntheticCt();
        var paths = ct.Write(_temp.Path);
        File.Copy(paths[3], Path.Combine(_temp.Sub("copy"), "again.dcm"));

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        Assert.Equal(7, loaded.Volume.Geometry.SizeZ);
        Assert.Contains("same SOP Instance UID", Assert.Single(loaded.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_LocalizerAndOtherFilesBeside_LoadsTheAxialSeries()
    {
        var axial = new SyntheticCt();
        axial.Write(_temp.Path);
        new SyntheticCt
        {
            SeriesNumber = 1,
            Slices = 1,
            ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"],
            ColumnDirection = new Vector3D(0, 0, -1),
            StudyUid = axial.StudyUid,
        }.Write(_temp.Path);
        File.WriteAllText(Path.Combine(_temp.Path, "README.txt"), "not DICOM");
        var report = new DicomDataset();
        report.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, DicomUid.Generate().Value);
        report.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        SyntheticCt.Save(report, Path.Combine(_temp.Path, "report.dcm"), TransferSyntax.ExplicitVRLittleEndian);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        Assert.Equal(axial.SeriesUid, loaded.Series.SeriesInstanceUid);
        Assert.False(loaded.Series.IsLocalizer);
        AssertVoxels(axial, loaded.Volume, k => k);
    }

    [Fact]
    public void Load_Slices_NameEachSlicesInstance()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(0, 0, -2.5 * k) };
        var paths = ct.Write(_temp.Path);

        var loaded = VolumeLoader.LoadDirectory(_temp.Path);

        for (var k = 0; k < ct.Slices; k++)
        {
            var uid = DicomFile.Open(paths[k]).Dataset.GetString(DicomTag.SOPInstanceUID);
            Assert.Equal(new SliceSource(DicomUid.CTImageStorage.Value, uid, 1), loaded.Slices[ct.Slices - 1 - k]);
        }
    }

    /// <summary>Every voxel of slice <paramref name="sliceOf"/>(k) holds the HU the series wrote for slice k.</summary>
    internal static void AssertVoxels(SyntheticCt ct, Volume<short> volume, Func<int, int> sliceOf)
    {
        for (var k = 0; k < ct.Slices; k++)
        {
            for (var y = 0; y < ct.Rows; y++)
            {
                for (var x = 0; x < ct.Columns; x++)
                {
                    var expected = (short)Math.Clamp(ct.Hu(x, y, k), short.MinValue, short.MaxValue);
                    var actual = volume[x, y, sliceOf(k)];
                    if (actual != expected)
                    {
                        Assert.Fail($"voxel ({x}, {y}) of slice {k}: expected {expected} HU, got {actual}");
                    }
                }
            }
        }
    }
}
