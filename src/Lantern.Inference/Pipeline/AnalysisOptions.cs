using Lantern.Imaging.Series;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Pipeline;

/// <summary>What <see cref="ChestCtAnalyzer"/> computes besides the findings, and the pipeline's few tunable numbers.</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions Default { get; } = new();

    /// <summary>
    /// Also make the lung mask on the CT grid (<see cref="ChestCtAnalysis.LungMask"/>): for Dice and mask files. It
    /// holds a few float volumes of the CT grid's size at once, the analysis's largest allocations (a 512×512×300
    /// series peaked at 2.1 GB resident with it, 0.6 GB without).
    /// </summary>
    public bool LungMaskOnCtGrid { get; init; }

    /// <summary>Also make the nodule mask on the CT grid (<see cref="ChestCtAnalysis.NoduleMask"/>).</summary>
    public bool NoduleMaskOnCtGrid { get; init; }

    /// <summary>The nodule model sees the lungs' bounding box grown by this much on every side (mm): juxta-pleural nodules lie at the mask's edge.</summary>
    public double CropMarginMm { get; init; } = 10;

    /// <summary>
    /// A series whose grid at the lung model's spacing has fewer voxels than this along an axis is not
    /// analysable: the lung model needs some extent to tell lungs apart (at 4 mm, 4 voxels are 12 mm).
    /// </summary>
    public int MinimumLungGridVoxels { get; init; } = 4;

    public VolumeLoadOptions Load { get; init; } = VolumeLoadOptions.Default;

    public LungMaskOptions LungMask { get; init; } = new();

    public NoduleDetectionOptions NoduleDetection { get; init; } = new();

    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (!(CropMarginMm >= 0 && double.IsFinite(CropMarginMm)))
        {
            throw new ArgumentOutOfRangeException(nameof(CropMarginMm), CropMarginMm, "The crop margin must be finite, zero or more.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumLungGridVoxels, 1);
        ArgumentNullException.ThrowIfNull(Load);
        ArgumentNullException.ThrowIfNull(LungMask);
        ArgumentNullException.ThrowIfNull(NoduleDetection);
        LungMask.Validate();
        NoduleDetection.Validate();
    }
}
