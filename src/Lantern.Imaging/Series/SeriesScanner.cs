using Lantern.Dicom.IO.Reading;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>
/// Finds the image series in a folder by reading headers only (Pixel Data is never read here), and
/// groups their frames by Series Instance UID, Frame of Reference UID, orientation and localizer-ness.
/// </summary>
public static class SeriesScanner
{
    /// <summary>
    /// Orientations closer than this (per direction cosine) are one orientation: scanners write
    /// cosines with 6 to 16 digits, and a real change of orientation is far larger.
    /// </summary>
    internal const double OrientationTolerance = 1e-3;

    /// <summary>
    /// The image series under <paramref name="directory"/> (searched recursively), ordered by Series
    /// Number then UID. Files that are not DICOM, are corrupt or unreadable, or hold no image are passed over.
    /// </summary>
    public static IReadOnlyList<ImageSeries> Scan(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var frames = new List<FrameHeader>();
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                frames.AddRange(FrameHeaderReader.Read(path));
            }
            catch (Exception e) when (e is DicomReadException or IOException or UnauthorizedAccessException)
            {
                // Not DICOM (a README, a thumbnail), truncated, or unreadable: not part of any series we can load.
            }
        }

        return Group(frames);
    }

    internal static IReadOnlyList<ImageSeries> Group(IEnumerable<FrameHeader> frames)
    {
        var groups = new List<List<FrameHeader>>();
        foreach (var frame in frames)
        {
            var group = groups.Find(g => Belongs(g[0], frame));
            if (group is null)
            {
                groups.Add([frame]);
            }
            else
            {
                group.Add(frame);
            }
        }

        return [.. groups
            .Select(g => new ImageSeries(g))
            .OrderBy(s => s.SeriesNumber ?? int.MaxValue)
            .ThenBy(s => s.SeriesInstanceUid, StringComparer.Ordinal)
            .ThenBy(s => s.IsLocalizer)
            .ThenByDescending(s => s.FrameCount)];
    }

    private static bool Belongs(FrameHeader first, FrameHeader frame) =>
        first.SeriesInstanceUid == frame.SeriesInstanceUid
        && first.FrameOfReferenceUid == frame.FrameOfReferenceUid
        && first.IsLocalizer == frame.IsLocalizer
        && SameDirection(first.RowDirection, frame.RowDirection)
        && SameDirection(first.ColumnDirection, frame.ColumnDirection);

    private static bool SameDirection(Vector3D? left, Vector3D? right) =>
        (left, right) switch
        {
            (null, null) => true,
            ({ } l, { } r) => Vector3D.MaxDifference(l, r) <= OrientationTolerance,
            _ => false,
        };
}
