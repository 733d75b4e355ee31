namespace Lantern.Dicom.IO.Reading;

/// <summary>How much of an instance to read and how much memory the reader may commit up front.</summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop at the top-level Pixel Data (7FE0,0010) and everything after it.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>
    /// Values at least this long are left in the file and read on first use; null reads everything.
    /// Applies only when reading from a file path, and not to deflated data sets.
    /// </summary>
    public long? LargeValueThreshold { get; init; }

    /// <summary>Deepest nesting of sequences accepted; deeper input is rejected, never a stack overflow.</summary>
    public int MaximumDepth { get; init; } = 128;
}
