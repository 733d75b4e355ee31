using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// A nodule candidate. Voxel figures refer to the grid the probabilities were on (the model's), millimetre
/// figures to patient space (LPS), so they hold on any grid. See <see cref="NoduleDetector"/> for how each is measured.
/// </summary>
/// <param name="CenterMm">Probability-weighted centre of the candidate's voxels, patient LPS mm.</param>
/// <param name="CenterVoxel">The same centre as a continuous voxel index of the model's grid.</param>
/// <param name="DiameterMm">Long-axis diameter: the candidate's largest width, mm.</param>
/// <param name="EquivalentDiameterMm">Diameter of the sphere of the same volume, mm.</param>
/// <param name="VolumeMm3">Voxel count times the volume of one voxel.</param>
/// <param name="MeanHu">Mean Hounsfield units over the candidate's voxels.</param>
/// <param name="Side">The lung it lies in.</param>
/// <param name="Score">How likely the candidate is a nodule, in [0, 1]: its model's <see cref="CandidateScoring"/> of it, or its peak probability where the model has none.</param>
/// <param name="PeakProbability">The largest probability in the candidate, in [0, 1].</param>
/// <param name="MeanProbability">The mean probability over the candidate's voxels, in [0, 1].</param>
/// <param name="LungFraction">The share of the candidate's voxels that lie in the lung mask, in [0, 1].</param>
public sealed record NoduleFinding(
    Vector3D CenterMm,
    Vector3D CenterVoxel,
    BoundingBox BoundingBox,
    double DiameterMm,
    double EquivalentDiameterMm,
    double VolumeMm3,
    double MeanHu,
    LungSide Side,
    double Score,
    double PeakProbability,
    double MeanProbability,
    double LungFraction)
{
    /// <summary>The logit of the model's <see cref="Manifests.CandidateClassifier"/> for the candidate; null where the model has none.</summary>
    public double? ClassifierLogit { get; init; }

    /// <summary>Where the candidate is a blob (<see cref="Manifests.BlobCandidates"/>), the filter's dot measure at it; null for the detector's candidates.</summary>
    public double? BlobDot { get; init; }
}
