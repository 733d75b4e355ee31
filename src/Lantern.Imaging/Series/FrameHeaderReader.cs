using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>
/// Reads the header of one instance (stopping before Pixel Data) into one <see cref="FrameHeader"/>
/// per frame. Multi-frame instances (Enhanced CT) take each frame's position, orientation, pixel
/// measures, rescale and frame type from its Per-Frame Functional Groups item, else from the Shared
/// Functional Groups (PS3.3 §C.7.6.16), else from the top level as a single-frame instance has them.
/// </summary>
internal static class FrameHeaderReader
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    /// <summary>The frames of the image at <paramref name="path"/>; none when it is DICOM but not an image.</summary>
    /// <exception cref="DicomReadException">The file is not DICOM or is corrupt.</exception>
    public static IReadOnlyList<FrameHeader> Read(string path)
    {
        var file = DicomFile.Open(path, HeaderOnly);
        var ds = file.Dataset;
        if (!ds.Contains(DicomTag.Rows) || !ds.Contains(DicomTag.Columns))
        {
            return [];
        }

        var template = new FrameHeader
        {
            Path = path,
            FrameIndex = 0,
            FramesInInstance = 1,
            TransferSyntax = file.TransferSyntax,
            SopClassUid = Uid(file, DicomTag.SOPClassUID, DicomTag.MediaStorageSOPClassUID),
            SopInstanceUid = Uid(file, DicomTag.SOPInstanceUID, DicomTag.MediaStorageSOPInstanceUID),
            StudyInstanceUid = Text(ds, DicomTag.StudyInstanceUID),
            SeriesInstanceUid = Text(ds, DicomTag.SeriesInstanceUID),
            FrameOfReferenceUid = Text(ds, DicomTag.FrameOfReferenceUID),
            Modality = Text(ds, DicomTag.Modality),
            SeriesDescription = ds.TryGetString(DicomTag.SeriesDescription, out var description) ? description : null,
            SeriesNumber = Integer(ds, DicomTag.SeriesNumber),
            InstanceNumber = Integer(ds, DicomTag.InstanceNumber),
            IsLocalizer = IsLocalizer(ds, DicomTag.ImageType),
            Position = Vector(ds, DicomTag.ImagePositionPatient, 0),
            RowDirection = Vector(ds, DicomTag.ImageOrientationPatient, 0),
            ColumnDirection = Vector(ds, DicomTag.ImageOrientationPatient, 3),
            PixelSpacing = Spacing(ds),
            Rows = Integer(ds, DicomTag.Rows) ?? 0,
            Columns = Integer(ds, DicomTag.Columns) ?? 0,
            Format = new PixelFormat(
                Integer(ds, DicomTag.SamplesPerPixel) ?? 1,
                Integer(ds, DicomTag.BitsAllocated) ?? 0,
                Integer(ds, DicomTag.BitsStored) ?? 0,
                Integer(ds, DicomTag.HighBit) ?? -1,
                Integer(ds, DicomTag.PixelRepresentation) == 1,
                Text(ds, DicomTag.PhotometricInterpretation)),
            RescaleSlope = Number(ds, DicomTag.RescaleSlope) ?? 1,
            RescaleIntercept = Number(ds, DicomTag.RescaleIntercept) ?? 0,
        };

        var frameCount = Integer(ds, DicomTag.NumberOfFrames) ?? 1;
        if (!ds.TryGetSequence(DicomTag.PerFrameFunctionalGroupsSequence, out var perFrame))
        {
            return frameCount == 1
                ? [template]
                : [template with { FramesInInstance = frameCount, Problem = $"has {frameCount} frames but no per-frame functional groups giving their positions" }];
        }

        var shared = ds.TryGetSequence(DicomTag.SharedFunctionalGroupsSequence, out var sharedSequence) && sharedSequence.Items.Count > 0
            ? sharedSequence.Items[0]
            : null;
        var problem = perFrame.Items.Count == frameCount
            ? null
            : $"has {frameCount} frames but {perFrame.Items.Count} per-frame functional group items";
        var frames = new FrameHeader[Math.Min(frameCount, perFrame.Items.Count)];
        for (var i = 0; i < frames.Length; i++)
        {
            var item = perFrame.Items[i];
            var plane = Macro(item, shared, DicomTag.PlanePositionSequence);
            var orientation = Macro(item, shared, DicomTag.PlaneOrientationSequence);
            var measures = Macro(item, shared, DicomTag.PixelMeasuresSequence);
            var rescale = Macro(item, shared, DicomTag.PixelValueTransformationSequence);
            var frameType = Macro(item, shared, DicomTag.CTImageFrameTypeSequence);
            frames[i] = template with
            {
                FrameIndex = i,
                FramesInInstance = frameCount,
                Problem = problem,
                IsLocalizer = template.IsLocalizer || (frameType is not null && IsLocalizer(frameType, DicomTag.FrameType)),
                Position = plane is null ? template.Position : Vector(plane, DicomTag.ImagePositionPatient, 0),
                RowDirection = orientation is null ? template.RowDirection : Vector(orientation, DicomTag.ImageOrientationPatient, 0),
                ColumnDirection = orientation is null ? template.ColumnDirection : Vector(orientation, DicomTag.ImageOrientationPatient, 3),
                PixelSpacing = measures is null ? template.PixelSpacing : Spacing(measures),
                RescaleSlope = rescale is null ? template.RescaleSlope : Number(rescale, DicomTag.RescaleSlope) ?? 1,
                RescaleIntercept = rescale is null ? template.RescaleIntercept : Number(rescale, DicomTag.RescaleIntercept) ?? 0,
            };
        }

        return frames;
    }

    /// <summary>The item of a functional group macro: the frame's own, else the shared one, else none.</summary>
    private static DicomDataset? Macro(DicomDataset frame, DicomDataset? shared, DicomTag sequence) =>
        First(frame, sequence) ?? (shared is null ? null : First(shared, sequence));

    private static DicomDataset? First(DicomDataset dataset, DicomTag sequence) =>
        dataset.TryGetSequence(sequence, out var found) && found.Items.Count > 0 ? found.Items[0] : null;

    private static bool IsLocalizer(DicomDataset dataset, DicomTag tag) =>
        TryRead(() => dataset.GetStrings(tag)) is { } values && values.Contains("LOCALIZER", StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A SOP UID from the data set, else from the File Meta Information: some de-identifiers empty the
    /// data set's UIDs and leave group 0002 alone.
    /// </summary>
    private static string Uid(DicomFile file, DicomTag tag, DicomTag metaTag) =>
        Text(file.Dataset, tag) is { Length: > 0 } uid ? uid : Text(file.FileMetaInformation, metaTag);

    private static string Text(DicomDataset dataset, DicomTag tag) =>
        TryRead(() => dataset.TryGetString(tag, out var value) ? value : null) ?? string.Empty;

    private static int? Integer(DicomDataset dataset, DicomTag tag) =>
        TryRead(() => dataset.TryGetValue<int>(tag, out var value) ? value : (int?)null);

    private static double? Number(DicomDataset dataset, DicomTag tag) =>
        TryRead(() => dataset.TryGetValue<double>(tag, out var value) && double.IsFinite(value) ? value : (double?)null);

    private static Vector3D? Vector(DicomDataset dataset, DicomTag tag, int start)
    {
        var values = TryRead(() => dataset.Contains(tag) ? dataset.GetValues<double>(tag) : null);
        if (values is null || values.Length < start + 3)
        {
            return null;
        }

        var vector = new Vector3D(values[start], values[start + 1], values[start + 2]);
        return double.IsFinite(vector.X + vector.Y + vector.Z) ? vector : null;
    }

    private static (double, double)? Spacing(DicomDataset dataset)
    {
        var values = TryRead(() => dataset.Contains(DicomTag.PixelSpacing) ? dataset.GetValues<double>(DicomTag.PixelSpacing) : null);
        return values is [var betweenRows, var betweenColumns, ..] && betweenRows > 0 && betweenColumns > 0 && double.IsFinite(betweenRows + betweenColumns)
            ? (betweenRows, betweenColumns)
            : null;
    }

    /// <summary>A malformed value (a DS that is no number) counts as missing; the loader says which is missing.</summary>
    private static T? TryRead<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (DicomDataException)
        {
            return default;
        }
    }
}
