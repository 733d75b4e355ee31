namespace Lantern.Inference.Pipeline;

/// <summary>Where an analysis spent its time. A stage that did not run (the series was not analysable first, or a mask not asked for) took zero.</summary>
public sealed record StageTimings
{
    /// <summary>Scanning the folder and reading the series into a volume of Hounsfield units.</summary>
    public TimeSpan Load { get; init; }

    /// <summary>Resampling the CT volume to the lung model's spacing.</summary>
    public TimeSpan LungResample { get; init; }

    /// <summary>Normalising, the sliding window and the activation of the lung model.</summary>
    public TimeSpan LungInference { get; init; }

    /// <summary>The lung mask on the lung model's grid.</summary>
    public TimeSpan LungPostProcessing { get; init; }

    /// <summary>Cropping the CT volume around the lungs and resampling the crop to the nodule model's spacing.</summary>
    public TimeSpan NoduleResample { get; init; }

    /// <summary>Normalising, the sliding window and the activation of the nodule model.</summary>
    public TimeSpan NoduleInference { get; init; }

    /// <summary>Nodule findings from the nodule probabilities.</summary>
    public TimeSpan NodulePostProcessing { get; init; }

    /// <summary>The blob filter's candidates, when the nodule model has <see cref="Manifests.BlobCandidates"/>.</summary>
    public TimeSpan BlobFilter { get; init; }

    /// <summary>The candidate classifier's look at each finding and the findings' scores, when the nodule model has one.</summary>
    public TimeSpan CandidateClassifier { get; init; }

    /// <summary>The lung and nodule masks on the CT grid, when asked for.</summary>
    public TimeSpan CtGridMasks { get; init; }

    /// <summary>The whole analysis, from the folder to the result.</summary>
    public TimeSpan Total { get; init; }

    /// <summary>Every stage in the order they run, with a short name for tables and logs, then the total.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> Stages =>
    [
        new("load", Load),
        new("lung resample", LungResample),
        new("lung inference", LungInference),
        new("lung post-processing", LungPostProcessing),
        new("nodule resample", NoduleResample),
        new("nodule inference", NoduleInference),
        new("nodule post-processing", NodulePostProcessing),
        new("blob filter", BlobFilter),
        new("candidate classifier", CandidateClassifier),
        new("CT-grid masks", CtGridMasks),
        new("total", Total),
    ];
}
