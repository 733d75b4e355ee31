using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>
/// Image frames found by <see cref="SeriesScanner"/> that share Series Instance UID, Frame of
/// Reference UID, orientation and localizer-ness: what can become one volume. A series split into
/// several of these mixes geometries. Holds headers only; <see cref="VolumeLoader.Load"/> reads pixels.
/// </summary>
public sealed class ImageSeries
{
    internal ImageSeries(IReadOnlyList<FrameHeader> frames)
    {
        Frames = frames;
        var first = frames[0];
        SeriesInstanceUid = first.SeriesInstanceUid;
        StudyInstanceUid = first.StudyInstanceUid;
        FrameOfReferenceUid = first.FrameOfReferenceUid;
        Modality = first.Modality;
        SopClassUid = first.SopClassUid;
        SeriesDescription = first.SeriesDescription;
        SeriesNumber = first.SeriesNumber;
        IsLocalizer = first.IsLocalizer;
        RowDirection = first.RowDirection;
        ColumnDirection = first.ColumnDirection;
        InstanceCount = frames.Select(f => f.SopInstanceUid).Distinct(StringComparer.Ordinal).Count();
    }

    public string SeriesInstanceUid { get; }

    public string StudyInstanceUid { get; }

    public string FrameOfReferenceUid { get; }

    public string Modality { get; }

    /// <summary>The SOP Class of the first frame's instance.</summary>
    public string SopClassUid { get; }

    public string? SeriesDescription { get; }

    public int? SeriesNumber { get; }

    public bool IsLocalizer { get; }

    /// <summary>Image Orientation (Patient) row direction; null when the frames have none.</summary>
    public Vector3D? RowDirection { get; }

    public Vector3D? ColumnDirection { get; }

    /// <summary>Distinct SOP instances.</summary>
    public int InstanceCount { get; }

    /// <summary>Frames, one per slice candidate (a single-frame instance is one frame).</summary>
    public int FrameCount => Frames.Count;

    internal IReadOnlyList<FrameHeader> Frames { get; }

    public override string ToString() =>
        $"series {SeriesNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} '{SeriesDescription}' {Modality}"
        + $"{(IsLocalizer ? " localizer" : string.Empty)}: {InstanceCount} instance(s), {FrameCount} frame(s)";
}
