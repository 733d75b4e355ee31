using Lantern.Imaging.Filters;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Manifests;

/// <summary>
/// A detection model's second source of candidates, the manifest's <c>blobCandidates</c>: small bright balls in
/// the lungs found by a classical filter (<see cref="BlobFilter"/>) on the detector's own input grid, for the
/// nodules too small for the detector to mark. Each blob that the detector's probabilities do not wholly dismiss
/// and that lies apart from the detector's candidates goes to the <see cref="CandidateClassifier"/>, and is scored
/// by <see cref="Score"/>, a logistic model of its own: blobs outnumber the detector's candidates many times over,
/// so they are weighed apart. Every number is required: the manifest states all of them, nothing falls back on C#.
/// </summary>
public sealed record BlobCandidates
{
    /// <summary>The filter's Gaussian scales, mm.</summary>
    public required double[] SigmasMm { get; init; }

    /// <summary>Local maxima of the dot measure below this are not blobs.</summary>
    public required double MinimumDot { get; init; }

    /// <summary>A blob is the largest measure in the cube of this many voxels a side around it (odd).</summary>
    public required int PeakWindow { get; init; }

    /// <summary>Voxels whose scale-normalised Laplacian is at or above this (HU) are passed over.</summary>
    public required double LaplacianLimit { get; init; }

    /// <summary>The filter looks within this distance of the lung mask, so that nodules on the pleura, which the lung mask may leave out, are looked at.</summary>
    public required double LungMarginMm { get; init; }

    /// <summary>
    /// The first look: a blob goes to the classifier only when the detector's largest probability within one voxel of
    /// it is at least this. Below its threshold the detector still ranks what it sees, and most vessel crossings
    /// get far less than small nodules do; the classifier's cost grows with every blob.
    /// </summary>
    public required double MinimumProbability { get; init; }

    /// <summary>A blob closer than this, or than the candidate's equivalent radius, to a detector candidate's centre is that candidate.</summary>
    public required double DistinctMm { get; init; }

    /// <summary>How a blob is scored once the classifier has looked at it; its weights may name <see cref="CandidateScoring.LogDot"/>.</summary>
    public required CandidateScoring Score { get; init; }

    /// <summary>The filter's options, with the detector's window as the clipping range.</summary>
    internal BlobFilterOptions FilterOptions(IntensityNormalization intensity) => new()
    {
        SigmasMm = SigmasMm,
        MinimumDot = MinimumDot,
        PeakWindow = PeakWindow,
        LaplacianLimit = LaplacianLimit,
        Window = (intensity.Window[0], intensity.Window[1]),
    };

    internal IEnumerable<string> Problems(IntensityNormalization intensity, bool hasClassifier)
    {
        if (intensity.Window.Length == 2)
        {
            foreach (var problem in FilterOptions(intensity).Problems())
            {
                yield return $"blobCandidates: {problem}";
            }
        }

        if (!(LungMarginMm >= 0 && double.IsFinite(LungMarginMm)) || !(DistinctMm >= 0 && double.IsFinite(DistinctMm)))
        {
            yield return "blobCandidates.lungMarginMm and .distinctMm must be finite and zero or more";
        }

        if (MinimumProbability is not (>= 0 and <= 1))
        {
            yield return $"blobCandidates.minimumProbability {MinimumProbability} is not a probability";
        }

        if (!hasClassifier)
        {
            yield return "blobCandidates needs a candidateClassifier to look at the blobs";
        }

        foreach (var problem in Score.Problems())
        {
            yield return $"blobCandidates.score: {problem}";
        }
    }
}
