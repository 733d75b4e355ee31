namespace Lantern.Inference.PostProcessing;

/// <summary>
/// How a nodule model's probabilities become <see cref="NoduleFinding"/>s. The probability threshold is the
/// manifest's; these are the tunable numbers of the post-processing, kept out of the code so that a model's
/// manifest can carry them later.
/// </summary>
public sealed record NoduleDetectionOptions
{
    /// <summary>The manifest label of the nodule channel.</summary>
    public string Label { get; init; } = "nodule";

    /// <summary>Candidates whose volume is less than a sphere of this diameter are dropped (LUNA16 counts nodules from 3 mm).</summary>
    public double MinimumDiameterMm { get; init; } = 2;

    /// <summary>
    /// Two components merge when their centres are closer than this many times the larger one's equivalent
    /// radius: fragments of one lesion (a part-solid nodule's core and rim, a nodule cut by a threshold) make one finding.
    /// </summary>
    public double MergeDistanceFactor { get; init; } = 1;

    /// <summary>
    /// A candidate none of whose voxels lies in the lung mask is kept only when its centre is at most this far
    /// from a lung voxel; juxta-pleural nodules may sit partly outside a lung mask, a finding in the chest wall not.
    /// </summary>
    public double MaximumDistanceOutsideLungMm { get; init; } = 5;

    /// <exception cref="ArgumentException">The label is empty or a number is negative or not finite.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Label);
        Require(MinimumDiameterMm, nameof(MinimumDiameterMm));
        Require(MergeDistanceFactor, nameof(MergeDistanceFactor));
        Require(MaximumDistanceOutsideLungMm, nameof(MaximumDistanceOutsideLungMm));
    }

    private static void Require(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and zero or more.");
        }
    }
}
