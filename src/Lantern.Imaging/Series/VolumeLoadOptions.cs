namespace Lantern.Imaging.Series;

/// <summary>What <see cref="VolumeLoader"/> accepts as a volume.</summary>
public sealed record VolumeLoadOptions
{
    public static VolumeLoadOptions Default { get; } = new();

    /// <summary>
    /// Fewer slices are <see cref="NotAnalysableReason.TooFewSlices"/>. At least 2 (spacing comes from
    /// positions); 3 by default so that a gap can be told from the spacing.
    /// </summary>
    public int MinimumSliceCount
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            field = value;
        }
    } = 3;
}
