namespace Lantern.Imaging.Filters;

/// <summary>The numbers of a <see cref="BlobFilter"/>; a detection model's manifest carries them.</summary>
public sealed record BlobFilterOptions
{
    /// <summary>Gaussian scales, mm. A ball of diameter d answers most at σ ≈ d / (2√3).</summary>
    public required IReadOnlyList<double> SigmasMm { get; init; }

    /// <summary>Local maxima below this dot measure are not blobs.</summary>
    public required double MinimumDot { get; init; }

    /// <summary>A blob is the largest dot measure in the cube of this many voxels a side around it (odd).</summary>
    public int PeakWindow { get; init; } = 5;

    /// <summary>
    /// Hounsfield units are clipped to this range before filtering, as the detector's input window clips them:
    /// bone and metal then do not make the edges next to them look like balls.
    /// </summary>
    public required (double Low, double High) Window { get; init; }

    /// <summary>
    /// Where the scale-normalised Laplacian is at or above this (HU), no eigenvalues are computed: a bright
    /// ball's Laplacian is strongly negative, and most of the lung's voxels are far from it.
    /// </summary>
    public double LaplacianLimit { get; init; } = -60;

    /// <summary>What makes these options unusable; empty when none.</summary>
    public IEnumerable<string> Problems()
    {
        if (SigmasMm.Count == 0 || SigmasMm.Any(s => !(s > 0 && double.IsFinite(s))))
        {
            yield return "sigmasMm must be one or more positive numbers";
        }

        if (SigmasMm.Count > byte.MaxValue)
        {
            yield return $"sigmasMm may hold at most {byte.MaxValue} scales";
        }

        if (!double.IsFinite(MinimumDot) || MinimumDot <= 0)
        {
            yield return "minimumDot must be a positive number";
        }

        if (PeakWindow < 1 || PeakWindow % 2 == 0)
        {
            yield return "peakWindow must be an odd number of voxels";
        }

        if (!(Window.Low < Window.High) || !double.IsFinite(Window.Low) || !double.IsFinite(Window.High))
        {
            yield return "the window must run from a lower to a higher finite HU";
        }

        if (!double.IsFinite(LaplacianLimit))
        {
            yield return "laplacianLimit must be a finite number";
        }
    }
}
