namespace Lantern.Inference.PostProcessing;

/// <summary>
/// A nodule model's second look at its candidates: a logistic model over figures of each whole candidate
/// (its manifest's <c>candidateScore</c>), fitted on validation scans to the question "is this a nodule".
/// The voxel probabilities alone rank poorly: their peak saturates near 1 for nodules and mediastinal
/// blobs alike, while the candidate's shape, density and place in the lungs tell them apart.
/// Score = 1 / (1 + e^-(bias + Σ weight × feature)); the features are named in <see cref="Features"/>, one of
/// them the logit of the model's <see cref="Manifests.CandidateClassifier"/> where it has one.
/// </summary>
public sealed record CandidateScoring
{
    /// <summary>The feature that is the manifest's <c>candidateClassifier</c> logit of the candidate (<see cref="NoduleFinding.ClassifierLogit"/>).</summary>
    public const string ClassifierLogit = "classifierLogit";

    /// <summary>The feature that is the natural logarithm of a blob's dot measure (<see cref="NoduleFinding.BlobDot"/>); only blobs have one.</summary>
    public const string LogDot = "logDot";

    /// <summary>The figures a weight may name, each of one finding, in the units given.</summary>
    public static IReadOnlyDictionary<string, Func<NoduleFinding, double>> Features { get; } = new Dictionary<string, Func<NoduleFinding, double>>(StringComparer.Ordinal)
    {
        // A logit keeps apart the peaks that a probability rounds to 1.
        ["peakLogit"] = f => Logit(f.PeakProbability),
        ["meanProbability"] = f => f.MeanProbability,
        ["lungFraction"] = f => f.LungFraction,
        ["logVolumeMm3"] = f => Math.Log(Math.Max(f.VolumeMm3, 1e-3)),
        ["elongation"] = f => f.EquivalentDiameterMm > 0 ? f.DiameterMm / f.EquivalentDiameterMm : 1,
        ["meanHu"] = f => f.MeanHu,
        [ClassifierLogit] = f => f.ClassifierLogit
            ?? throw new InvalidOperationException("The candidate has no classifier logit: the model's candidate classifier must look at it before it is scored."),
        [LogDot] = f => Math.Log(f.BlobDot ?? throw new InvalidOperationException("The candidate is not a blob: only blobs have a dot measure.")),
    };

    public required double Bias { get; init; }

    /// <summary>Weight of each feature used, by name; features left out weigh nothing.</summary>
    public required IReadOnlyDictionary<string, double> Weights { get; init; }

    /// <summary>The finding's score in (0, 1).</summary>
    public double Score(NoduleFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var z = Bias;
        foreach (var (name, weight) in Weights)
        {
            z += weight * Features[name](finding);
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>The findings, each with its score, highest first; stable, so that equal scores keep their order.</summary>
    public IReadOnlyList<NoduleFinding> Rank(IEnumerable<NoduleFinding> findings) =>
        [.. findings.Select(f => f with { Score = Score(f) }).OrderByDescending(f => f.Score)];

    /// <summary>What makes these weights unusable, for the manifest's error message; empty when none.</summary>
    public IEnumerable<string> Problems()
    {
        if (!double.IsFinite(Bias))
        {
            yield return "candidateScore.bias is not a finite number";
        }

        foreach (var (name, weight) in Weights)
        {
            if (!Features.ContainsKey(name))
            {
                yield return $"candidateScore.weights names '{name}', which is not one of {string.Join(", ", Features.Keys)}";
            }
            else if (!double.IsFinite(weight))
            {
                yield return $"candidateScore.weights.{name} is not a finite number";
            }
        }
    }

    private static double Logit(double p)
    {
        const double Limit = 1e-6;
        p = Math.Clamp(p, Limit, 1 - Limit);
        return Math.Log(p / (1 - p));
    }
}
