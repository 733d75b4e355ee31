using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Lantern.Dicom.Data;

namespace Lantern.Tests.Shared;

/// <summary>
/// A realistic 512×512 16-bit signed CT series written with our own writer, shared by the benchmark
/// and the integration tests (linked into both projects from <c>tests/Shared</c>).
/// <see cref="Ensure"/> is the benchmark's input: 300 slices in Explicit VR Little Endian, byte-identical
/// on every machine (fixed UIDs, dates and noise seed), so that a cached copy can be reused and every
/// tool reads the same bytes. <see cref="Write"/> writes any number of slices in any syntax our
/// writer knows, for tests that send a series over the network.
/// </summary>
internal static class CtSeries
{
    public const int SliceCount = 300;
    public const int Size = 512;

    /// <summary>Changes whenever the content changes, so that an old cached series is rewritten.</summary>
    private const string Version = "lantern-bench ct300 v2";
    private const string MarkerName = ".complete";
    private const string Prefix = "CT";
    private const double SliceSpacing = 1.25;
    private const double PixelSpacing = 500.0 / Size;

    // Fixed 128-bit numbers for the "2.25." UIDs (PS3.5 §B.2), so that every run writes the same files.
    private static readonly UInt128 StudyRoot = new(0x5b1e_37c4_91d2_4a0f, 0x8c3e_2f71_d45a_96b3);
    private static readonly UInt128 SeriesRoot = new(0x6e02_9ab1_c3f4_4d85, 0x97a1_0b2c_3d4e_5f60);
    private static readonly UInt128 FrameRoot = new(0x7f13_ab2c_d4e5_4f96, 0xa8b2_1c3d_4e5f_6071);
    private static readonly UInt128 InstanceRoot = new(0x8024_bc3d_e5f6_4a07, 0xb9c3_2d4e_5f60_7100);

    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "lantern-bench", "ct300");

    /// <summary>The series' files, in slice order: the cached ones when complete, else written anew.</summary>
    public static string[] Ensure(string directory, bool regenerate, TextWriter log)
    {
        Directory.CreateDirectory(directory);
        var marker = Path.Combine(directory, MarkerName);
        if (!regenerate && IsComplete(directory, marker))
        {
            log.WriteLine($"Using the cached series in {directory}");
            return ListFiles(directory);
        }

        log.Write($"Writing the series to {directory} ... ");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        File.Delete(marker);
        foreach (var old in ListFiles(directory))
        {
            File.Delete(old);
        }

        Parallel.For(0, SliceCount, slice => WriteSlice(directory, slice, SliceCount, TransferSyntax.ExplicitVRLittleEndian, UInt128.Zero));
        var files = ListFiles(directory);
        var total = files.Sum(f => new FileInfo(f).Length);
        File.WriteAllText(marker, $"{Version}\n{files.Length}\n{total}\n");
        log.WriteLine($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return files;
    }

    /// <summary>
    /// Writes <paramref name="count"/> slices (<c>CT000001.dcm</c>, ...) in <paramref name="transferSyntax"/>
    /// to <paramref name="directory"/> (created when missing; no cache, no marker) and returns their paths
    /// in slice order. The content is that of <see cref="Ensure"/> with the lung shape spread over
    /// <paramref name="count"/> slices. With <paramref name="uniqueUids"/> the study, series, frame of
    /// reference and instance UIDs are offset by a random number, so that series written by several
    /// calls are different instances to a receiver (Orthanc keeps one copy per SOP Instance UID).
    /// </summary>
    public static string[] Write(string directory, int count, TransferSyntax transferSyntax, bool uniqueUids = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        Directory.CreateDirectory(directory);
        var salt = uniqueUids ? BinaryPrimitives.ReadUInt128LittleEndian(RandomNumberGenerator.GetBytes(16)) >> 8 : UInt128.Zero;
        Parallel.For(0, count, slice => WriteSlice(directory, slice, count, transferSyntax, salt));
        var files = new string[count];
        for (var slice = 0; slice < count; slice++)
        {
            files[slice] = SlicePath(directory, slice);
        }

        return files;
    }

    public static string[] ListFiles(string directory)
    {
        var files = Directory.GetFiles(directory, Prefix + "*.dcm");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static bool IsComplete(string directory, string marker)
    {
        if (!File.Exists(marker))
        {
            return false;
        }

        var lines = File.ReadAllLines(marker);
        if (lines.Length < 3 || lines[0] != Version)
        {
            return false;
        }

        var files = ListFiles(directory);
        return files.Length == SliceCount
            && lines[1] == files.Length.ToString(CultureInfo.InvariantCulture)
            && lines[2] == files.Sum(f => new FileInfo(f).Length).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A "2.25." UID: root + salt + offset, wrapping (at most 39 digits, so at most 44 characters).</summary>
    private static string Uid(UInt128 root, UInt128 salt, int offset = 0) =>
        "2.25." + unchecked(root + salt + (UInt128)offset).ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string SlicePath(string directory, int slice) => Path.Combine(directory, $"{Prefix}{slice + 1:D6}.dcm");

    private static void WriteSlice(string directory, int slice, int count, TransferSyntax transferSyntax, UInt128 salt)
    {
        var dataset = BuildHeader(slice, salt);
        dataset.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)Pixels(slice, count));
        var file = new DicomFile(new DicomDataset(), dataset, transferSyntax);
        file.Save(SlicePath(directory, slice), transferSyntax);
    }

    /// <summary>About a hundred elements, as a scanner writes them: the CT Image IOD's modules, private groups, two sequences.</summary>
    private static DicomDataset BuildHeader(int slice, UInt128 salt)
    {
        var z = -((slice * SliceSpacing) + 10.0);
        var contentTime = TimeSpan.FromHours(8.5) + TimeSpan.FromMilliseconds(18_500 + (350 * slice));
        var time = contentTime.ToString(@"hhmmss\.ffffff", CultureInfo.InvariantCulture);
        var ds = new DicomDataset();

        // SOP Common, General Study, Patient.
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.AddOrUpdate(DicomTag.ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTag.InstanceCreationDate, DicomVR.DA, "20240315");
        ds.AddOrUpdate(DicomTag.InstanceCreationTime, DicomVR.TM, "083512.125000");
        ds.AddOrUpdate(DicomTag.InstanceCreatorUID, DicomVR.UI, "1.2.826.0.1.3680043.10.543.1");
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, Uid(InstanceRoot, salt, slice));
        ds.AddOrUpdate(DicomTag.StudyDate, DicomVR.DA, "20240315");
        ds.AddOrUpdate(DicomTag.SeriesDate, DicomVR.DA, "20240315");
        ds.AddOrUpdate(DicomTag.AcquisitionDate, DicomVR.DA, "20240315");
        ds.AddOrUpdate(DicomTag.ContentDate, DicomVR.DA, "20240315");
        ds.AddOrUpdate(DicomTag.StudyTime, DicomVR.TM, "082947");
        ds.AddOrUpdate(DicomTag.SeriesTime, DicomVR.TM, "083301");
        ds.AddOrUpdate(DicomTag.AcquisitionTime, DicomVR.TM, "083318.500000");
        ds.AddOrUpdate(DicomTag.ContentTime, DicomVR.TM, time);
        ds.AddOrUpdate(DicomTag.AccessionNumber, DicomVR.SH, "A20240315-0042");
        ds.AddOrUpdate(DicomTag.Modality, DicomVR.CS, "CT");
        ds.AddOrUpdate(DicomTag.Manufacturer, DicomVR.LO, "Lantern Imaging");
        ds.AddOrUpdate(DicomTag.InstitutionName, DicomVR.LO, "Städtisches Klinikum Nord");
        ds.AddOrUpdate(DicomTag.InstitutionAddress, DicomVR.ST, "Hauptstraße 12, 20095 Hamburg");
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, DicomVR.PN, "Weiß^Jürgen^^Dr.");
        ds.AddOrUpdate(DicomTag.TimezoneOffsetFromUTC, DicomVR.SH, "+0100");
        ds.AddOrUpdate(DicomTag.StationName, DicomVR.SH, "CTAWP91042");
        ds.AddOrUpdate(DicomTag.StudyDescription, DicomVR.LO, "CT Thorax mit KM");
        ds.AddOrReplace(new DicomSequence(DicomTag.ProcedureCodeSequence, CodeItem("ZT0A1ZZ", "L", "CT THORAX W CONTRAST")));
        ds.AddOrUpdate(DicomTag.SeriesDescription, DicomVR.LO, "Thorax 1.25 B30f");
        ds.AddOrUpdate(DicomTag.InstitutionalDepartmentName, DicomVR.LO, "Radiologie");
        ds.AddOrUpdate(DicomTag.PerformingPhysicianName, DicomVR.PN, "Öztürk^Ayse");
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, DicomVR.LO, "Lumen 128");
        var reference = new DicomDataset();
        reference.AddOrUpdate(DicomTag.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        reference.AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, DicomVR.UI, Uid(InstanceRoot, salt, 100_000));
        ds.AddOrReplace(new DicomSequence(DicomTag.ReferencedImageSequence, reference));

        // Private group 0009: a creator and a few values, as scanners keep their own bookkeeping.
        AddPrivate(ds, 0x0009, "LANTERN IMAGING 1", 0x01, DicomVR.LO, "LUMEN_RECON_3.2");
        AddPrivate(ds, 0x0009, "LANTERN IMAGING 1", 0x02, DicomVR.SH, "SERIES_0042");
        AddPrivate(ds, 0x0009, "LANTERN IMAGING 1", 0x04, DicomVR.SH, "HELICAL");

        ds.AddOrUpdate(DicomTag.PatientName, DicomVR.PN, "Müller^Anna-Lena");
        ds.AddOrUpdate(DicomTag.PatientID, DicomVR.LO, "PID-0042-7731");
        ds.AddOrUpdate(DicomTag.PatientBirthDate, DicomVR.DA, "19640229");
        ds.AddOrUpdate(DicomTag.PatientSex, DicomVR.CS, "F");
        ds.AddOrUpdate(DicomTag.PatientAge, DicomVR.AS, "060Y");
        ds.AddOrUpdate(DicomTag.PatientSize, DicomVR.DS, "1.68");
        ds.AddOrUpdate(DicomTag.PatientWeight, DicomVR.DS, "71.5");

        // CT Image and acquisition parameters.
        ds.AddOrUpdate(DicomTag.BodyPartExamined, DicomVR.CS, "CHEST");
        ds.AddOrUpdate(DicomTag.ScanOptions, DicomVR.CS, "HELICAL MODE");
        ds.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, Decimal(SliceSpacing));
        ds.AddOrUpdate(DicomTag.KVP, DicomVR.DS, "120");
        ds.AddOrUpdate(DicomTag.SpacingBetweenSlices, DicomVR.DS, Decimal(SliceSpacing));
        ds.AddOrUpdate(DicomTag.DataCollectionDiameter, DicomVR.DS, "500");
        ds.AddOrUpdate(DicomTag.DeviceSerialNumber, DicomVR.LO, "91042");
        ds.AddOrUpdate(DicomTag.SoftwareVersions, DicomVR.LO, "LUMEN 3.2.1", "RECON 7.4");
        ds.AddOrUpdate(DicomTag.ProtocolName, DicomVR.LO, "Thorax KM Routine");
        ds.AddOrUpdate(DicomTag.ReconstructionDiameter, DicomVR.DS, "500");
        ds.AddOrUpdate(DicomTag.DistanceSourceToDetector, DicomVR.DS, "1085.6");
        ds.AddOrUpdate(DicomTag.DistanceSourceToPatient, DicomVR.DS, "595");
        ds.AddOrUpdate(DicomTag.GantryDetectorTilt, DicomVR.DS, "0");
        ds.AddOrUpdate(DicomTag.TableHeight, DicomVR.DS, "148.5");
        ds.AddOrUpdate(DicomTag.RotationDirection, DicomVR.CS, "CW");
        ds.AddOrUpdate(DicomTag.ExposureTime, DicomVR.IS, "500");
        ds.AddOrUpdate(DicomTag.XRayTubeCurrent, DicomVR.IS, (180 + (int)(60 * Math.Sin(slice / 40.0))).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.Exposure, DicomVR.IS, "95");
        ds.AddOrUpdate(DicomTag.FilterType, DicomVR.SH, "BODY FILTER");
        ds.AddOrUpdate(DicomTag.GeneratorPower, DicomVR.IS, "24");
        ds.AddOrUpdate(DicomTag.FocalSpots, DicomVR.DS, "1.2");
        ds.AddOrUpdate(DicomTag.ConvolutionKernel, DicomVR.SH, "B30f");
        ds.AddOrUpdate(DicomTag.PatientPosition, DicomVR.CS, "FFS");
        ds.AddOrUpdate(DicomTag.RevolutionTime, DicomVR.FD, 0.5);
        ds.AddOrUpdate(DicomTag.SingleCollimationWidth, DicomVR.FD, 0.625);
        ds.AddOrUpdate(DicomTag.TotalCollimationWidth, DicomVR.FD, 40.0);
        ds.AddOrUpdate(DicomTag.TableSpeed, DicomVR.FD, 78.75);
        ds.AddOrUpdate(DicomTag.TableFeedPerRotation, DicomVR.FD, 39.375);
        ds.AddOrUpdate(DicomTag.SpiralPitchFactor, DicomVR.FD, 0.984375);

        // Private group 0019: acquisition details.
        AddPrivate(ds, 0x0019, "LANTERN ACQ", 0x02, DicomVR.SL, 912);
        AddPrivate(ds, 0x0019, "LANTERN ACQ", 0x03, DicomVR.DS, Decimal(z));
        AddPrivate(ds, 0x0019, "LANTERN ACQ", 0x0F, DicomVR.DS, "1284.5");
        AddPrivate(ds, 0x0019, "LANTERN ACQ", 0x18, DicomVR.LO, "SCOUT_REF_2");

        // General Series, Frame of Reference, Image Plane.
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, DicomVR.UI, Uid(StudyRoot, salt));
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomVR.UI, Uid(SeriesRoot, salt));
        ds.AddOrUpdate(DicomTag.StudyID, DicomVR.SH, "42");
        ds.AddOrUpdate(DicomTag.SeriesNumber, DicomVR.IS, "3");
        ds.AddOrUpdate(DicomTag.AcquisitionNumber, DicomVR.IS, "1");
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, (slice + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, "-250", "-250", Decimal(z));
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, "1", "0", "0", "0", "1", "0");
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, DicomVR.UI, Uid(FrameRoot, salt));
        ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, DicomVR.LO, "SN");
        ds.AddOrUpdate(DicomTag.SliceLocation, DicomVR.DS, Decimal(z));

        // Image Pixel, CT Image, VOI LUT.
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)Size);
        ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)Size);
        ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, Decimal(PixelSpacing), Decimal(PixelSpacing));
        ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)15);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)1);
        ds.AddOrUpdate(DicomTag.PixelPaddingValue, DicomVR.SS, (short)-2000);
        ds.AddOrUpdate(DicomTag.BurnedInAnnotation, DicomVR.CS, "NO");
        ds.AddOrUpdate(DicomTag.WindowCenter, DicomVR.DS, "40", "-600");
        ds.AddOrUpdate(DicomTag.WindowWidth, DicomVR.DS, "400", "1500");
        ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, "-1024");
        ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, "1");
        ds.AddOrUpdate(DicomTag.RescaleType, DicomVR.LO, "HU");
        ds.AddOrUpdate(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, "WINDOW1", "WINDOW2");
        ds.AddOrUpdate(DicomTag.LossyImageCompression, DicomVR.CS, "00");

        // Performed Procedure Step.
        ds.AddOrUpdate(DicomTag.PerformedProcedureStepStartDate, DicomVR.DA, "20240315");
        ds.AddOrUpdate(DicomTag.PerformedProcedureStepStartTime, DicomVR.TM, "082947");
        ds.AddOrUpdate(DicomTag.PerformedProcedureStepID, DicomVR.SH, "PPS-0042");
        ds.AddOrUpdate(DicomTag.PerformedProcedureStepDescription, DicomVR.LO, "CT Thorax mit KM");

        // Private group 0043: reconstruction parameters, one opaque binary blob.
        AddPrivate(ds, 0x0043, "LANTERN RECON", 0x01, DicomVR.SS, (short)-1024);
        AddPrivate(ds, 0x0043, "LANTERN RECON", 0x02, DicomVR.SS, (short)3071);
        var blob = new byte[192];
        for (var i = 0; i < blob.Length; i++)
        {
            blob[i] = (byte)((i * 37) + slice);
        }

        ds.AddOrUpdate(ds.GetPrivateTag(0x0043, "LANTERN RECON", 0x28), DicomVR.OB, (ReadOnlyMemory<byte>)blob);
        return ds;
    }

    private static DicomDataset CodeItem(string value, string scheme, string meaning)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.CodeValue, DicomVR.SH, value);
        item.AddOrUpdate(DicomTag.CodingSchemeDesignator, DicomVR.SH, scheme);
        item.AddOrUpdate(DicomTag.CodeMeaning, DicomVR.LO, meaning);
        return item;
    }

    private static void AddPrivate(DicomDataset ds, ushort group, string creator, byte offset, DicomVR vr, string value) =>
        ds.AddOrUpdate(ds.GetPrivateTag(group, creator, offset), vr, value);

    private static void AddPrivate<T>(DicomDataset ds, ushort group, string creator, byte offset, DicomVR vr, T value)
        where T : System.Numerics.INumberBase<T> =>
        ds.AddOrUpdate(ds.GetPrivateTag(group, creator, offset), vr, value);

    /// <summary>
    /// A chest-like phantom in stored values (HU + 1024): air, an elliptic body with a fat rim,
    /// lungs whose size follows the slice, spine, aorta, the table, padding outside the
    /// reconstruction circle, and Gaussian-like noise from a seeded generator.
    /// </summary>
    private static byte[] Pixels(int slice, int count)
    {
        const short Padding = -2000;
        const int Intercept = -1024;
        var bytes = GC.AllocateUninitializedArray<byte>(Size * Size * sizeof(short));
        var pixels = MemoryMarshal.Cast<byte, short>(bytes.AsSpan());
        var state = 0x9E37_79B9_7F4A_7C15UL ^ ((ulong)(slice + 1) * 0xD1B5_4A32_D192_ED03UL);
        var t = slice / (double)Math.Max(1, count - 1);
        var lung = Math.Max(0.0, Math.Sin(Math.PI * Math.Clamp((t - 0.05) / 0.85, 0, 1)));
        var lungA = 60 * lung;
        var lungB = 95 * lung;
        var aortaX = 25 + (10 * t);
        const double Centre = (Size - 1) / 2.0;

        for (var y = 0; y < Size; y++)
        {
            var dy = y - Centre;
            for (var x = 0; x < Size; x++)
            {
                var dx = x - Centre;
                var index = (y * Size) + x;
                if ((dx * dx) + (dy * dy) > 256.0 * 256.0)
                {
                    pixels[index] = Padding;
                    continue;
                }

                double hu = -1000;
                var body = Sq(dx / 200) + Sq(dy / 145);
                if (body <= 1)
                {
                    hu = body > 0.82 ? -100 : 40;
                    if (lung > 0.05 && (Sq((Math.Abs(dx) - 80) / lungA) + Sq((dy + 10) / lungB) <= 1))
                    {
                        hu = -850;
                    }

                    if (Sq(dx) + Sq(dy - 100) <= 24 * 24)
                    {
                        hu = Sq(dx) + Sq(dy - 100) <= 13 * 13 ? 250 : 750;
                    }

                    if (Sq(dx - aortaX) + Sq(dy - 55) <= 15 * 15)
                    {
                        hu = 220;
                    }
                }
                else if (dy is > 175 and < 186 && Math.Abs(dx) < 235)
                {
                    hu = 180;
                }

                // xorshift64*: four 16-bit uniforms summed approximate a Gaussian, sd ≈ 14 HU.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                var r = state * 0x2545_F491_4F6C_DD1DUL;
                var sum = (double)((r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48));
                hu += (sum - 131070) / 37837.0 * 14;
                pixels[index] = (short)Math.Clamp(Math.Round(hu - Intercept), short.MinValue, short.MaxValue);
            }
        }

        return bytes;
    }

    private static double Sq(double value) => value * value;
}
