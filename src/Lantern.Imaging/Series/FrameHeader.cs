using Lantern.Dicom.Data;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>
/// What the scanner keeps of one frame (a single-frame instance, or one frame of a multi-frame one):
/// the few attributes grouping, stacking and decoding need, so that no data set outlives its file's
/// scan. Geometry values are null when missing or malformed; the loader names what is missing.
/// </summary>
internal sealed record FrameHeader
{
    public required string Path { get; init; }

    /// <summary>Zero-based index of this frame within its instance's Pixel Data.</summary>
    public required int FrameIndex { get; init; }

    /// <summary>Frames in the instance's Pixel Data (Number of Frames; 1 for single-frame instances).</summary>
    public required int FramesInInstance { get; init; }

    public required TransferSyntax TransferSyntax { get; init; }

    public required string SopClassUid { get; init; }

    public required string SopInstanceUid { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required string FrameOfReferenceUid { get; init; }

    public required string Modality { get; init; }

    public string? SeriesDescription { get; init; }

    public int? SeriesNumber { get; init; }

    public int? InstanceNumber { get; init; }

    public required bool IsLocalizer { get; init; }

    public Vector3D? Position { get; init; }

    public Vector3D? RowDirection { get; init; }

    public Vector3D? ColumnDirection { get; init; }

    /// <summary>Pixel Spacing as DICOM orders it: between rows (along a column) first, then between columns.</summary>
    public (double BetweenRows, double BetweenColumns)? PixelSpacing { get; init; }

    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required PixelFormat Format { get; init; }

    public required double RescaleSlope { get; init; }

    public required double RescaleIntercept { get; init; }

    /// <summary>A header defect found while reading (e.g. a frame count that does not match its functional groups).</summary>
    public string? Problem { get; init; }

    /// <summary>How messages name this frame: by Instance Number, which a reader can find in a viewer.</summary>
    public string Describe() =>
        (InstanceNumber is { } number ? $"instance {number}" : $"instance '{System.IO.Path.GetFileName(Path)}'")
        + (FramesInInstance > 1 ? $" frame {FrameIndex + 1}" : string.Empty);
}
