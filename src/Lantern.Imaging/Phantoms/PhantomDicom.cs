using System.Buffers.Binary;
using System.Globalization;
using Lantern.Dicom.Data;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// One slice as a CT Image Storage instance: the modules of the CT Image IOD (patient, general
/// study, general series, frame of reference, general equipment, general image, image plane, image
/// pixel, CT image, contrast/bolus when given, VOI LUT, SOP common). UIDs are "2.25." numbers derived
/// from the seed and dates are fixed, so the same seed writes the same bytes.
/// </summary>
internal static class PhantomDicom
{
    /// <summary>Stored value = HU - intercept.</summary>
    public const int RescaleIntercept = -1024;

    private const string Date = "20240102";

    public static DicomFile Create(ChestPhantom phantom, int slice, ReadOnlySpan<short> hu)
    {
        var g = phantom.Geometry;
        var a = phantom.Acquisition;
        var seed = phantom.Seed.ToString(CultureInfo.InvariantCulture);
        var z = g.SliceZ(slice);
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, DicomUid.CTImageStorage.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, Uid(phantom.Seed, 0x100 + (ulong)slice));
        ds.AddOrUpdate(DicomTag.StudyDate, DicomVR.DA, Date);
        ds.AddOrUpdate(DicomTag.SeriesDate, DicomVR.DA, Date);
        ds.AddOrUpdate(DicomTag.AcquisitionDate, DicomVR.DA, Date);
        ds.AddOrUpdate(DicomTag.ContentDate, DicomVR.DA, Date);
        ds.AddOrUpdate(DicomTag.StudyTime, DicomVR.TM, "090000");
        ds.AddOrUpdate(DicomTag.SeriesTime, DicomVR.TM, "090100");
        ds.AddOrUpdate(DicomTag.AcquisitionTime, DicomVR.TM, "090110");
        ds.AddOrUpdate(DicomTag.ContentTime, DicomVR.TM, "090110");
        ds.AddOrUpdate(DicomTag.AccessionNumber, DicomVR.SH, string.Empty);
        ds.AddOrUpdate(DicomTag.Modality, DicomVR.CS, "CT");
        ds.AddOrUpdate(DicomTag.Manufacturer, DicomVR.LO, "Lantern");
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, DicomVR.PN, string.Empty);
        ds.AddOrUpdate(DicomTag.StudyDescription, DicomVR.LO, "Synthetic chest CT");
        ds.AddOrUpdate(DicomTag.SeriesDescription, DicomVR.LO, $"Phantom chest {Decimal(g.SliceThicknessMm)} mm");
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, DicomVR.LO, "Lantern chest phantom");
        ds.AddOrUpdate(DicomTag.PatientName, DicomVR.PN, $"PHANTOM^{seed}");
        ds.AddOrUpdate(DicomTag.PatientID, DicomVR.LO, $"PHANTOM-{seed}");
        ds.AddOrUpdate(DicomTag.PatientBirthDate, DicomVR.DA, string.Empty);
        ds.AddOrUpdate(DicomTag.PatientSex, DicomVR.CS, phantom.Anatomy.Thorax.Breasts.Count > 0 ? "F" : "M");
        if (a.Contrast)
        {
            ds.AddOrUpdate(DicomTag.ContrastBolusAgent, DicomVR.LO, "IODINATED CONTRAST");
            ds.AddOrUpdate(DicomTag.ContrastBolusRoute, DicomVR.LO, "IV");
        }

        ds.AddOrUpdate(DicomTag.BodyPartExamined, DicomVR.CS, "CHEST");
        ds.AddOrUpdate(DicomTag.ScanOptions, DicomVR.CS, "HELICAL MODE");
        ds.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, Decimal(g.SliceThicknessMm));
        ds.AddOrUpdate(DicomTag.KVP, DicomVR.DS, a.KilovoltagePeak.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.SpacingBetweenSlices, DicomVR.DS, Decimal(g.SliceSpacingMm));
        ds.AddOrUpdate(DicomTag.DataCollectionDiameter, DicomVR.DS, "500");
        ds.AddOrUpdate(DicomTag.SoftwareVersions, DicomVR.LO, "LANTERN PHANTOM 1");
        ds.AddOrUpdate(DicomTag.ReconstructionDiameter, DicomVR.DS, Decimal(g.Columns * g.PixelSpacingMm));
        ds.AddOrUpdate(DicomTag.GantryDetectorTilt, DicomVR.DS, "0");
        ds.AddOrUpdate(DicomTag.ConvolutionKernel, DicomVR.SH, a.EdgeEnhancement > 0 ? "LUNG" : a.BlurMm < 0.6 ? "STANDARD" : "SOFT");
        ds.AddOrUpdate(DicomTag.PatientPosition, DicomVR.CS, "HFS");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, DicomVR.UI, Uid(phantom.Seed, 1));
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomVR.UI, Uid(phantom.Seed, 2));
        ds.AddOrUpdate(DicomTag.StudyID, DicomVR.SH, "1");
        ds.AddOrUpdate(DicomTag.SeriesNumber, DicomVR.IS, "1");
        ds.AddOrUpdate(DicomTag.AcquisitionNumber, DicomVR.IS, "1");
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, (slice + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, Decimal(g.OriginX), Decimal(g.OriginY), Decimal(z));
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, "1", "0", "0", "0", "1", "0");
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, DicomVR.UI, Uid(phantom.Seed, 3));
        ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, DicomVR.LO, string.Empty);
        ds.AddOrUpdate(DicomTag.SliceLocation, DicomVR.DS, Decimal(z));
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)g.Rows);
        ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)g.Columns);
        ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, Decimal(g.PixelSpacingMm), Decimal(g.PixelSpacingMm));
        ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)15);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)1);
        if (a.PaddedOutsideFieldOfView)
        {
            ds.AddOrUpdate(DicomTag.PixelPaddingValue, DicomVR.SS, (short)(ChestPhantom.PaddingHu - RescaleIntercept));
        }

        ds.AddOrUpdate(DicomTag.BurnedInAnnotation, DicomVR.CS, "NO");
        ds.AddOrUpdate(DicomTag.WindowCenter, DicomVR.DS, "-600", "40");
        ds.AddOrUpdate(DicomTag.WindowWidth, DicomVR.DS, "1500", "400");
        ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, RescaleIntercept.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, "1");
        ds.AddOrUpdate(DicomTag.RescaleType, DicomVR.LO, "HU");
        ds.AddOrUpdate(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, "LUNG", "MEDIASTINUM");
        ds.AddOrUpdate(DicomTag.LossyImageCompression, DicomVR.CS, "00");

        var pixels = new byte[hu.Length * sizeof(short)];
        for (var i = 0; i < hu.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(i * sizeof(short)), (short)(hu[i] - RescaleIntercept));
        }

        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)pixels);
        return new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>A "2.25." UID (PS3.5 §B.2) from 128 bits derived from the seed and the UID's purpose.</summary>
    public static string Uid(ulong seed, ulong purpose)
    {
        var high = PhantomRandom.Hash(seed, PhantomStreams.Uids) ^ PhantomRandom.Hash(purpose, 0x5549_4448);
        var low = PhantomRandom.Hash(high, purpose + 1);
        var value = new UInt128(high >> 1, low);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    private static string Decimal(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
