using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>
/// Makes a CT series into a <see cref="Volume{T}"/> of Hounsfield units, or says why it cannot with a
/// <see cref="NotAnalysableException"/>. Memory: one int16 array of the volume's size, allocated once
/// the geometry is known; each frame's Pixel Data is read from its file in chunks, gathered one frame
/// at a time and converted straight into its slice of that array.
/// </summary>
public static class VolumeLoader
{
    /// <summary>Values this large stay in their file until copied, so Pixel Data is never loaded whole.</summary>
    private static readonly DicomReadOptions PixelsLeftInFile = new() { LargeValueThreshold = 64 * 1024 };

    private const double SpacingTolerance = 1e-3;

    private static readonly HashSet<string> CtSopClasses = new(StringComparer.Ordinal)
    {
        DicomUid.CTImageStorage.Value,
        DicomUid.EnhancedCTImageStorage.Value,
        DicomUid.LegacyConvertedEnhancedCTImageStorage.Value,
    };

    /// <summary>
    /// The one CT series under <paramref name="directory"/>. Localizers beside it are passed over;
    /// several CT series are <see cref="NotAnalysableReason.MultipleSeries"/> (scan and pick one with
    /// <see cref="SeriesScanner.Scan"/> and <see cref="Load"/>).
    /// </summary>
    /// <exception cref="NotAnalysableException">No single CT series there can become a volume.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    public static SeriesVolume LoadDirectory(string directory, VolumeLoadOptions? options = null, CancellationToken cancellationToken = default) =>
        Load(Choose(SeriesScanner.Scan(directory, cancellationToken)), options, cancellationToken);

    /// <summary>Reads the pixels of <paramref name="series"/> into a volume, after checking it is a regular CT stack.</summary>
    /// <exception cref="NotAnalysableException">It is not CT, is a localizer, is compressed, or is not a regular stack.</exception>
    public static SeriesVolume Load(ImageSeries series, VolumeLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= VolumeLoadOptions.Default;
        var notes = new List<string>();
        var frames = DropRepeatedInstances(series.Frames, notes);
        CheckIsCt(frames);
        if (series.IsLocalizer)
        {
            throw new NotAnalysableException(NotAnalysableReason.Localizer, "the series is a localizer (Image Type LOCALIZER), not a volume");
        }

        CheckPixelData(frames);
        CheckGeometryPresent(frames);
        CheckSameGrid(frames);
        if (frames.Count < options.MinimumSliceCount)
        {
            throw new NotAnalysableException(NotAnalysableReason.TooFewSlices, $"{frames.Count} slice(s); at least {options.MinimumSliceCount} needed");
        }

        var (ordered, geometry) = SliceStack.Arrange(frames);
        if (geometry.VoxelCount > Array.MaxLength)
        {
            throw new NotAnalysableException(NotAnalysableReason.TooLarge, $"{geometry.SizeX}×{geometry.SizeY}×{geometry.SizeZ} voxels do not fit in one array");
        }

        var voxels = GC.AllocateUninitializedArray<short>((int)geometry.VoxelCount);
        ReadPixels(ordered, voxels, geometry.SizeX * geometry.SizeY, cancellationToken);
        var slices = ordered.Select(f => new SliceSource(f.SopClassUid, f.SopInstanceUid, f.FrameIndex + 1)).ToArray();
        return new SeriesVolume(series, new Volume<short>(geometry, voxels), slices, notes);
    }

    internal static ImageSeries Choose(IReadOnlyList<ImageSeries> found)
    {
        if (found.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoImages, "the folder holds no readable DICOM image");
        }

        // Without a better candidate, the first one is loaded so that its own reason is reported.
        var volumes = found.Where(s => !s.IsLocalizer).ToList();
        if (volumes.Count == 0)
        {
            return found[0];
        }

        var ct = volumes.Where(s => s.Modality == "CT" && s.Frames.All(f => CtSopClasses.Contains(f.SopClassUid))).ToList();
        if (ct.Count == 0)
        {
            return volumes[0];
        }

        var seriesCount = ct.Select(s => s.SeriesInstanceUid).Distinct(StringComparer.Ordinal).Count();
        if (seriesCount > 1)
        {
            throw new NotAnalysableException(
                NotAnalysableReason.MultipleSeries,
                $"the folder holds {seriesCount} CT series ({string.Join("; ", ct.Select(s => s.ToString()))}); analyse one series at a time");
        }

        if (ct.Count > 1)
        {
            var mixed = ct.Select(s => s.FrameOfReferenceUid).Distinct(StringComparer.Ordinal).Count() > 1 ? "frames of reference" : "orientations";
            throw new NotAnalysableException(
                NotAnalysableReason.InconsistentGeometry,
                $"the series mixes {mixed}: its slices fall into {ct.Count} groups ({string.Join(", ", ct.Select(s => s.FrameCount))} slices)");
        }

        return ct[0];
    }

    /// <summary>The same instance in two files (a folder copied twice, a re-sent study) is one instance.</summary>
    private static List<FrameHeader> DropRepeatedInstances(IReadOnlyList<FrameHeader> frames, List<string> notes)
    {
        // An instance without any SOP Instance UID can only be told apart by its file.
        var seen = new HashSet<(string, int)>();
        var kept = frames.Where(f => seen.Add((f.SopInstanceUid.Length > 0 ? f.SopInstanceUid : f.Path, f.FrameIndex))).ToList();
        if (kept.Count < frames.Count)
        {
            notes.Add($"{frames.Count - kept.Count} frame(s) appeared again in another file with the same SOP Instance UID; the first copy was used");
        }

        return kept;
    }

    private static void CheckIsCt(List<FrameHeader> frames)
    {
        if (frames.Find(f => f.Modality != "CT") is { } other)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotCt, $"modality is '{other.Modality}', not CT");
        }

        if (frames.Find(f => !CtSopClasses.Contains(f.SopClassUid)) is { } notImage)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotCt, $"SOP class '{DicomUid.Lookup(notImage.SopClassUid).Name}' is not a CT image");
        }
    }

    private static void CheckPixelData(List<FrameHeader> frames)
    {
        if (frames.Find(f => f.TransferSyntax.IsEncapsulated) is { } compressed)
        {
            throw new NotAnalysableException(
                NotAnalysableReason.UnsupportedTransferSyntax,
                $"compressed transfer syntax {compressed.TransferSyntax} not supported yet");
        }

        foreach (var frame in frames)
        {
            if (frame.Problem is { } problem)
            {
                throw new NotAnalysableException(NotAnalysableReason.MissingAttribute, $"{frame.Describe()} {problem}");
            }

            if (frame.Format.Unsupported() is { } unsupported)
            {
                throw new NotAnalysableException(NotAnalysableReason.UnsupportedPixelData, $"{frame.Describe()}: {unsupported}");
            }
        }
    }

    private static void CheckGeometryPresent(List<FrameHeader> frames)
    {
        foreach (var frame in frames)
        {
            var missing = frame.Position is null ? "Image Position (Patient)"
                : frame.RowDirection is null || frame.ColumnDirection is null ? "Image Orientation (Patient)"
                : frame.PixelSpacing is null ? "Pixel Spacing"
                : frame.Rows <= 0 || frame.Columns <= 0 ? "Rows and Columns"
                : null;
            if (missing is not null)
            {
                throw new NotAnalysableException(NotAnalysableReason.MissingAttribute, $"{frame.Describe()} has no valid {missing}");
            }
        }
    }

    /// <summary>Every frame on the grid most frames share, so that the message names the odd one out.</summary>
    private static void CheckSameGrid(List<FrameHeader> frames)
    {
        var size = frames.GroupBy(f => (f.Rows, f.Columns)).MaxBy(g => g.Count())!.First();
        if (frames.Find(f => (f.Rows, f.Columns) != (size.Rows, size.Columns)) is { } resized)
        {
            throw new NotAnalysableException(
                NotAnalysableReason.InconsistentGeometry,
                $"{resized.Describe()} is {resized.Columns}×{resized.Rows} pixels where {size.Describe()} is {size.Columns}×{size.Rows}");
        }

        var spacing = frames.GroupBy(f => (Math.Round(f.PixelSpacing!.Value.BetweenRows, 4), Math.Round(f.PixelSpacing!.Value.BetweenColumns, 4))).MaxBy(g => g.Count())!.First();
        var (rows, columns) = spacing.PixelSpacing!.Value;
        foreach (var frame in frames)
        {
            var (otherRows, otherColumns) = frame.PixelSpacing!.Value;
            if (Math.Abs(otherRows - rows) > SpacingTolerance * rows || Math.Abs(otherColumns - columns) > SpacingTolerance * columns)
            {
                throw new NotAnalysableException(
                    NotAnalysableReason.InconsistentGeometry,
                    $"{frame.Describe()} has pixel spacing {otherRows}×{otherColumns} mm where {spacing.Describe()} has {rows}×{columns} mm");
            }
        }
    }

    /// <summary>Each file once, in slice order; each of its frames decoded into its slice.</summary>
    private static void ReadPixels(FrameHeader[] ordered, short[] voxels, int sliceLength, CancellationToken cancellationToken)
    {
        var slicesOfFile = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (var z = 0; z < ordered.Length; z++)
        {
            var frame = ordered[z];
            if (!slicesOfFile.TryGetValue(frame.Path, out var slices))
            {
                slices = new int[frame.FramesInInstance];
                Array.Fill(slices, -1);
                slicesOfFile.Add(frame.Path, slices);
            }

            slices[frame.FrameIndex] = z;
        }

        var scratch = new float[sliceLength];
        foreach (var (path, slices) in slicesOfFile)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var describe = ordered[slices.First(z => z >= 0)].Describe();
            try
            {
                var element = DicomFile.Open(path, PixelsLeftInFile).Dataset[DicomTag.PixelData];
                if (element is not DicomValueElement pixels)
                {
                    throw new NotAnalysableException(
                        element is null ? NotAnalysableReason.UnsupportedPixelData : NotAnalysableReason.UnsupportedTransferSyntax,
                        element is null ? $"{describe} has no Pixel Data" : $"{describe} holds encapsulated (compressed) Pixel Data");
                }

                using var sink = new PixelFrameSink(sliceLength * sizeof(short), slices.Length, (index, bytes) =>
                {
                    var z = slices[index];
                    if (z >= 0)
                    {
                        var frame = ordered[z];
                        HounsfieldConverter.Convert(bytes, frame.Format, frame.RescaleSlope, frame.RescaleIntercept, voxels.AsSpan(z * sliceLength, sliceLength), scratch);
                    }
                });
                pixels.Buffer.CopyTo(sink);
                sink.Complete(describe);
            }
            catch (DicomReadException e)
            {
                throw new NotAnalysableException(NotAnalysableReason.UnreadableInstance, $"{describe} could not be read: {e.Message}", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new NotAnalysableException(NotAnalysableReason.UnreadableInstance, $"{describe} could not be read ({e.GetType().Name})", e);
            }
        }
    }
}
