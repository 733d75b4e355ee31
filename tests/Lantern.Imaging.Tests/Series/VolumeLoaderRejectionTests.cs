using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;
using Lantern.Imaging.Series;
using Lantern.Imaging.Tests.Support;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Series;

/// <summary>Each way a folder can fail to be a CT volume, and the reason a reader would be shown.</summary>
public sealed class VolumeLoaderRejectionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadDirectory_EmptyFolder_NoImages()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "notes.txt"), "nothing here");

        AssertRejected(NotAnalysableReason.NoImages, "no readable DICOM image");
    }

    [Fact]
    public void LoadDirectory_MrSeries_NotCt()
    {
        new SyntheticCt { Modality = "MR", SopClassUid = DicomUid.MRImageStorage.Value }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.NotCt, "modality is 'MR', not CT");
    }

    [Fact]
    public void LoadDirectory_CtModalityButSecondaryCapture_NotCt()
    {
        new SyntheticCt { SopClassUid = DicomUid.SecondaryCaptureImageStorage.Value }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.NotCt, "Secondary Capture Image Storage' is not a CT image");
    }

    [Fact]
    public void LoadDirectory_OnlyALocalizer_Localizer()
    {
        new SyntheticCt { Slices = 2, ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"] }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.Localizer, "localizer");
    }

    [Fact]
    public void LoadDirectory_Jpeg2000Syntax_NamesTheSyntax()
    {
        var ct = new SyntheticCt();
        var syntax = TransferSyntax.Lookup("1.2.840.10008.1.2.4.90");
        for (var k = 0; k < ct.Slices; k++)
        {
            var slice = ct.Slice(k);
            slice.AddOrReplace(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.Empty, [DicomBuffer.FromBytes(new byte[] { 0xFF, 0x4F, 0xFF, 0x51 })]));
            SyntheticCt.Save(slice, Path.Combine(_temp.Path, $"{k}.dcm"), syntax);
        }

        AssertRejected(NotAnalysableReason.UnsupportedTransferSyntax, "compressed transfer syntax JPEG 2000 Image Compression (Lossless Only) [1.2.840.10008.1.2.4.90] not supported yet");
    }

    [Fact]
    public void LoadDirectory_EightBitsAllocated_UnsupportedPixelData()
    {
        new SyntheticCt { BitsAllocated = 8, BitsStored = 8 }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.UnsupportedPixelData, "8 bits allocated");
    }

    [Fact]
    public void LoadDirectory_PixelDataShorterThanFrame_UnsupportedPixelData()
    {
        var ct = new SyntheticCt();
        var paths = ct.Write(_temp.Path);
        var slice = ct.Slice(2);
        slice.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)new byte[10]);
        SyntheticCt.Save(slice, paths[2], ct.Syntax);

        AssertRejected(NotAnalysableReason.UnsupportedPixelData, "instance 3: Pixel Data holds 10 bytes where 1 frame(s) of 60 bytes need 60");
    }

    [Fact]
    public void LoadDirectory_TwoInstancesAtOnePosition_DuplicateSlices()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(0, 0, k == 4 ? 3 * 2.5 : k * 2.5) };
        ct.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.DuplicateSlices, "instance 4 and instance 5 lie at the same slice position (7.5 mm along the normal)");
    }

    [Fact]
    public void LoadDirectory_MissingSlice_SliceGap()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(0, 0, (k < 3 ? k : k + 1) * 2.5) };
        ct.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.SliceGap, "1 slice(s) missing between slice positions 5 and 10 mm: 5 mm apart where slices are 2.5 mm apart elsewhere");
    }

    [Fact]
    public void LoadDirectory_IrregularSpacing_SliceGap()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(0, 0, (k * 2.5) + (k >= 5 ? 0.4 : 0)) };
        ct.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.SliceGap, "irregular spacing between slice positions 10 and 12.9 mm");
    }

    [Fact]
    public void LoadDirectory_PositionJitterOfHundredths_Accepted()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(0, 0, (k * 2.5) + (k % 2 == 0 ? 0.02 : -0.02)) };
        ct.Write(_temp.Path);

        var geometry = VolumeLoader.LoadDirectory(_temp.Path).Volume.Geometry;

        Assert.Equal(7, geometry.SizeZ);
        Assert.Equal(2.5, geometry.Spacing.Z, 9);
    }

    [Fact]
    public void LoadDirectory_GantryTilt_NamesTheAngle()
    {
        // Each slice 2.5 mm further along z and 2.5·tan(15°) further along y: a 15° tilt.
        var shear = Math.Tan(15 * Math.PI / 180);
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(0, k * 2.5 * shear, k * 2.5) };
        ct.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.GantryTilt, "slices are sheared by 15° from the slice normal");
    }

    [Fact]
    public void LoadDirectory_OneSliceDisplacedInPlane_InconsistentGeometry()
    {
        var ct = new SyntheticCt { PositionOf = k => new Vector3D(k == 3 ? 5 : 0, 0, k * 2.5) };
        ct.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.InconsistentGeometry, "instance 4 is displaced 5 mm in-plane");
    }

    [Fact]
    public void LoadDirectory_RowsNotPerpendicularToColumns_InconsistentGeometry()
    {
        new SyntheticCt { ColumnDirection = new Vector3D(0.1, 0.995, 0) }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.InconsistentGeometry, "are not perpendicular");
    }

    [Fact]
    public void LoadDirectory_SlicesOfTwoSizes_InconsistentGeometry()
    {
        var ct = new SyntheticCt();
        ct.Write(_temp.Path);
        var odd = ct with { Columns = 8 };
        var slice = odd.Slice(7);
        SyntheticCt.Save(slice, Path.Combine(_temp.Path, "odd.dcm"), ct.Syntax);

        AssertRejected(NotAnalysableReason.InconsistentGeometry, "instance 8 is 8×5 pixels where");
    }

    [Fact]
    public void LoadDirectory_SlicesOfTwoPixelSpacings_InconsistentGeometry()
    {
        var ct = new SyntheticCt();
        ct.Write(_temp.Path);
        SyntheticCt.Save((ct with { BetweenRows = 0.9 }).Slice(7), Path.Combine(_temp.Path, "odd.dcm"), ct.Syntax);

        AssertRejected(NotAnalysableReason.InconsistentGeometry, "instance 8 has pixel spacing 0.9×0.6 mm");
    }

    [Fact]
    public void LoadDirectory_SeriesMixingOrientations_InconsistentGeometry()
    {
        var ct = new SyntheticCt();
        ct.Write(_temp.Path);
        (ct with { RowDirection = new Vector3D(0, 1, 0), ColumnDirection = new Vector3D(0, 0, -1), Slices = 3 }).Write(_temp.Path);

        AssertRejected(NotAnalysableReason.InconsistentGeometry, "the series mixes orientations: its slices fall into 2 groups (7, 3 slices)");
    }

    [Fact]
    public void LoadDirectory_SeriesMixingFramesOfReference_InconsistentGeometry()
    {
        var ct = new SyntheticCt();
        ct.Write(_temp.Path);
        (ct with { FrameOfReferenceUid = DicomUid.Generate().Value, Slices = 4 }).Write(_temp.Path);

        AssertRejected(NotAnalysableReason.InconsistentGeometry, "the series mixes frames of reference");
    }

    [Fact]
    public void LoadDirectory_TwoCtSeries_MultipleSeries()
    {
        new SyntheticCt { SeriesNumber = 2 }.Write(_temp.Path);
        new SyntheticCt { SeriesNumber = 3, Slices = 4 }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.MultipleSeries, "the folder holds 2 CT series (series 2 'Synthetic' CT: 7 instance(s), 7 frame(s); series 3");
    }

    [Fact]
    public void LoadDirectory_TwoSlices_TooFewSlices()
    {
        new SyntheticCt { Slices = 2 }.Write(_temp.Path);

        AssertRejected(NotAnalysableReason.TooFewSlices, "2 slice(s); at least 3 needed");
    }

    [Fact]
    public void LoadDirectory_FewerThanTheCallerWants_TooFewSlices()
    {
        new SyntheticCt().Write(_temp.Path);

        var error = Assert.Throws<NotAnalysableException>(() =>
            VolumeLoader.LoadDirectory(_temp.Path, new VolumeLoadOptions { MinimumSliceCount = 20 }));

        Assert.Equal(NotAnalysableReason.TooFewSlices, error.Reason);
        Assert.Equal("7 slice(s); at least 20 needed", error.Message);
    }

    [Fact]
    public void LoadDirectory_SliceWithoutPosition_MissingAttribute()
    {
        var ct = new SyntheticCt();
        var paths = ct.Write(_temp.Path);
        var slice = ct.Slice(5);
        slice.Remove(DicomTag.ImagePositionPatient);
        SyntheticCt.Save(slice, paths[5], ct.Syntax);

        AssertRejected(NotAnalysableReason.MissingAttribute, "instance 6 has no valid Image Position (Patient)");
    }

    [Fact]
    public void LoadDirectory_MalformedPixelSpacing_MissingAttribute()
    {
        var ct = new SyntheticCt();
        var paths = ct.Write(_temp.Path);
        var slice = ct.Slice(0);
        slice.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, "0.8", "abc");
        SyntheticCt.Save(slice, paths[0], ct.Syntax);

        AssertRejected(NotAnalysableReason.MissingAttribute, "instance 1 has no valid Pixel Spacing");
    }

    private void AssertRejected(NotAnalysableReason reason, string message)
    {
        var error = Assert.Throws<NotAnalysableException>(() => VolumeLoader.LoadDirectory(_temp.Path));
        Assert.True(error.Reason == reason, $"expected {reason}, got {error.Reason}: {error.Message}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
