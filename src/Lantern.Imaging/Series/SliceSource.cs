namespace Lantern.Imaging.Series;

/// <summary>
/// The instance (and frame, 1-based as Referenced Frame Number counts) a volume slice came from,
/// so that findings can reference their source images.
/// </summary>
public readonly record struct SliceSource(string SopClassUid, string SopInstanceUid, int FrameNumber);
