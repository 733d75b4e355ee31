using System.Globalization;
using System.Runtime.InteropServices;
using Lantern.Dicom.Data;
using Lantern.Imaging.Volumes;

namespace Lantern.Inference.Tests.Pipeline;

/// <summary>Writes an axial <see cref="Volume{T}"/> of HU as a CT series (one signed 16-bit slice per file), with the attributes the not-analysable tests vary.</summary>
internal sealed record CtSeriesWriter
{
    public string Modality { get; init; } = "CT";

    public string SopClassUid { get; init; } = DicomUid.CTImageStorage.Value;

    public string[] ImageType { get; init; } = ["ORIGINAL", "PRIMARY", "AXIAL"];

    /// <summary>Pixel spacing (row, column) of slice k; default: the volume's.</summary>
    public Func<int, (double Row, double Column)>? PixelSpacingOf { get; init; }

    public void Write(Volume<short> volume, string directory)
    {
        var g = volume.Geometry;
        var study = DicomUid.Generate().Value;
        var series = DicomUid.Generate().Value;
        var frame = DicomUid.Generate().Value;
        for (var k = 0; k < g.SizeZ; k++)
        {
            var (row, column) = PixelSpacingOf?.Invoke(k) ?? (g.Spacing.Y, g.Spacing.X);
            var ds = new DicomDataset();
            ds.AddOrUpdate(DicomTag.ImageType, DicomVR.CS, ImageType);
            ds.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, SopClassUid);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
            ds.AddOrUpdate(DicomTag.Modality, DicomVR.CS, Modality);
            ds.AddOrUpdate(DicomTag.StudyInstanceUID, DicomVR.UI, study);
            ds.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomVR.UI, series);
            ds.AddOrUpdate(DicomTag.SeriesNumber, DicomVR.IS, "1");
            ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, DicomVR.UI, frame);
            ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, Ds(k + 1));
            ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, Ds(g.VoxelToPatient(0, 0, k)));
            ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, [.. Ds(g.AxisX), .. Ds(g.AxisY)]);
            ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, Ds(row), Ds(column));
            ds.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, Ds(g.Spacing.Z));
            ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, "1");
            ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, "0");
            ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)1);
            ds.AddOrUpdate(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)g.SizeY);
            ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)g.SizeX);
            ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
            ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)16);
            ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)15);
            ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)1);
            ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)MemoryMarshal.AsBytes(volume.GetSlice(k)).ToArray());
            var syntax = TransferSyntax.ExplicitVRLittleEndian;
            new DicomFile(new DicomDataset(), ds, syntax).Save(Path.Combine(directory, $"CT{k + 1:D4}.dcm"), syntax);
        }
    }

    private static string Ds(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string[] Ds(Vector3D value) => [Ds(value.X), Ds(value.Y), Ds(value.Z)];
}
