using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>A CT series made into a volume of Hounsfield units, with where each slice came from.</summary>
public sealed class SeriesVolume
{
    internal SeriesVolume(ImageSeries series, Volume<short> volume, IReadOnlyList<SliceSource> slices, IReadOnlyList<string> notes)
    {
        Series = series;
        Volume = volume;
        Slices = slices;
        Notes = notes;
    }

    public ImageSeries Series { get; }

    /// <summary>
    /// Hounsfield units (stored value × Rescale Slope + Rescale Intercept, rounded, saturated to
    /// int16). z grows along the slice normal, the cross product of the row and column directions.
    /// </summary>
    public Volume<short> Volume { get; }

    /// <summary>One entry per slice z.</summary>
    public IReadOnlyList<SliceSource> Slices { get; }

    /// <summary>What the loader tolerated and did about it (e.g. a second copy of an instance ignored).</summary>
    public IReadOnlyList<string> Notes { get; }
}
