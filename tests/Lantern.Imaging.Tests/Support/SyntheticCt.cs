using System.Buffers.Binary;
using System.Globalization;
using Lantern.Dicom.Data;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Tests.Support;

/// <summary>
/// A small CT series written with Lantern.Dicom: every geometry, pixel and identity attribute the
/// loader reads can be varied per test. Slice k lies at <see cref="Position"/>(k) and holds
/// <see cref="Hu"/>(x, y, k) Hounsfield units, stored through <see cref="Rescale"/>(k).
/// </summary>
internal sealed record SyntheticCt
{
    public int Columns { get; init; } = 6;

    public int Rows { get; init; } = 5;

    public int Slices { get; init; } = 7;

    /// <summary>Pixel Spacing's first value: the distance between rows.</summary>
    public double BetweenRows { get; init; } = 0.8;

    public double BetweenColumns { get; init; } = 0.6;

    public double SliceSpacing { get; init; } = 2.5;

    public Vector3D Origin { get; init; } = new(-100, -120, 40);

    public Vector3D RowDirection { get; init; } = Vector3D.UnitX;

    public Vector3D ColumnDirection { get; init; } = Vector3D.UnitY;

    public string Modality { get; init; } = "CT";

    public string SopClassUid { get; init; } = DicomUid.CTImageStorage.Value;

    public string[] ImageType { get; init; } = ["ORIGINAL", "PRIMARY", "AXIAL"];

    public bool Signed { get; init; }

    public int BitsAllocated { get; init; } = 16;

    public int BitsStored { get; init; } = 16;

    /// <summary>Sets the bits above High Bit to ones, which a reader must ignore.</summary>
    public bool JunkAboveHighBit { get; init; }

    public TransferSyntax Syntax { get; init; } = TransferSyntax.ExplicitVRLittleEndian;

    public string StudyUid { get; init; } = DicomUid.Generate().Value;

    public string SeriesUid { get; init; } = DicomUid.Generate().Value;

    public string FrameOfReferenceUid { get; init; } = DicomUid.Generate().Value;

    public int SeriesNumber { get; init; } = 2;

    public Func<int, Vector3D>? PositionOf { get; init; }

    public Func<int, int, int, int> Hu { get; init; } = (x, y, k) => x + (10 * y) + (100 * k) - 1000;

    public Func<int, (double Slope, double Intercept)> Rescale { get; init; } = _ => (1, -1024);

    public Vector3D Normal => Vector3D.Cross(RowDirection, ColumnDirection);

    public Vector3D Position(int k) => PositionOf?.Invoke(k) ?? Origin + (Normal * (SliceSpacing * k));

    /// <summary>Writes each slice to a file with a random name (so no order can be read from names); returns paths by slice.</summary>
    public string[] Write(string directory)
    {
        var paths = new string[Slices];
        for (var k = 0; k < Slices; k++)
        {
            paths[k] = Path.Combine(directory, $"{Guid.NewGuid():N}.dcm");
            Save(Slice(k), paths[k], Syntax);
        }

        return paths;
    }

    public static void Save(DicomDataset dataset, string path, TransferSyntax syntax) =>
        new DicomFile(new DicomDataset(), dataset, syntax).Save(path, syntax);

    public DicomDataset Slice(int k)
    {
        var ds = Header();
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, (k + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, Ds(Position(k)));
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, [.. Ds(RowDirection), .. Ds(ColumnDirection)]);
        ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, Ds(BetweenRows), Ds(BetweenColumns));
        ds.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, "5");
        var (slope, intercept) = Rescale(k);
        ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, Ds(slope));
        ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, Ds(intercept));
        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)Pixels(k));
        return ds;
    }

    /// <summary>The attributes every slice shares: identity, modality, image pixel module.</summary>
    public DicomDataset Header()
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.ImageType, DicomVR.CS, ImageType);
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, SopClassUid);
        ds.AddOrUpdate(DicomTag.Modality, DicomVR.CS, Modality);
        ds.AddOrUpdate(DicomTag.SeriesDescription, DicomVR.LO, "Synthetic");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, DicomVR.UI, StudyUid);
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomVR.UI, SeriesUid);
        ds.AddOrUpdate(DicomTag.SeriesNumber, DicomVR.IS, SeriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, DicomVR.UI, FrameOfReferenceUid);
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)Rows);
        ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)Columns);
        ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)BitsAllocated);
        ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)BitsStored);
        ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)(BitsStored - 1));
        ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)(Signed ? 1 : 0));
        return ds;
    }

    /// <summary>Slice k's stored values, 16 bits each, little endian.</summary>
    public byte[] Pixels(int k)
    {
        var (slope, intercept) = Rescale(k);
        var bytes = new byte[Rows * Columns * 2];
        var mask = (1 << BitsStored) - 1;
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Columns; x++)
            {
                var stored = (int)Math.Round((Hu(x, y, k) - intercept) / slope);
                var word = stored & mask;
                if (JunkAboveHighBit)
                {
                    word |= 0xFFFF & ~mask;
                }

                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(((y * Columns) + x) * 2), (ushort)word);
            }
        }

        return bytes;
    }

    public static string Ds(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    public static string[] Ds(Vector3D value) => [Ds(value.X), Ds(value.Y), Ds(value.Z)];
}
