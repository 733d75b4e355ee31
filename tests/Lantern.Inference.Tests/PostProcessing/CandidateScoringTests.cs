using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class CandidateScoringTests
{
    [Fact]
    public void Score_EveryFeature_LogisticOfTheWeightedSum()
    {
        var finding = Finding(peak: 0.9, mean: 0.6, lungFraction: 0.75, volume: 100, diameter: 8, equivalent: 4, hu: -500);
        var scoring = new CandidateScoring
        {
            Bias = -1,
            Weights = new Dictionary<string, double>
            {
                ["peakLogit"] = 0.5,
                ["meanProbability"] = 2,
                ["lungFraction"] = 3,
                ["logVolumeMm3"] = -0.25,
                ["elongation"] = -1,
                ["meanHu"] = 0.002,
            },
        };

        var z = -1 + (0.5 * Math.Log(9)) + (2 * 0.6) + (3 * 0.75) - (0.25 * Math.Log(100)) - (8.0 / 4) + (0.002 * -500);
        Assert.Equal(1 / (1 + Math.Exp(-z)), scoring.Score(finding), 12);
    }

    [Fact]
    public void Score_PeakOfOne_LogitStaysFinite()
    {
        var scoring = new CandidateScoring { Bias = 0, Weights = new Dictionary<string, double> { ["peakLogit"] = 1 } };

        var score = scoring.Score(Finding(peak: 1, mean: 1, lungFraction: 1, volume: 10, diameter: 3, equivalent: 3, hu: 0));

        Assert.InRange(score, 0.999, 1 - 1e-9);
    }

    [Fact]
    public void Problems_UnknownFeatureAndNonFiniteNumbers_NamesEach()
    {
        var scoring = new CandidateScoring
        {
            Bias = double.NaN,
            Weights = new Dictionary<string, double> { ["sphericity"] = 1, ["meanHu"] = double.PositiveInfinity },
        };

        var problems = scoring.Problems().ToArray();

        Assert.Equal(3, problems.Length);
        Assert.Contains(problems, p => p.Contains("bias", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'sphericity'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("meanHu", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_ClassifierLogit_WeighsTheFindingsLogit()
    {
        var scoring = new CandidateScoring { Bias = 0.5, Weights = new Dictionary<string, double> { [CandidateScoring.ClassifierLogit] = 2 } };
        var finding = Finding(peak: 0.5, mean: 0.5, lungFraction: 1, volume: 10, diameter: 3, equivalent: 3, hu: 0) with { ClassifierLogit = -1.25 };

        Assert.Equal(1 / (1 + Math.Exp(-(0.5 - 2.5))), scoring.Score(finding), 12);
    }

    [Fact]
    public void Score_ClassifierLogitWeighedButNotComputed_Throws()
    {
        var scoring = new CandidateScoring { Bias = 0, Weights = new Dictionary<string, double> { [CandidateScoring.ClassifierLogit] = 1 } };

        Assert.Throws<InvalidOperationException>(() => scoring.Score(Finding(peak: 0.5, mean: 0.5, lungFraction: 1, volume: 10, diameter: 3, equivalent: 3, hu: 0)));
    }

    [Fact]
    public void Rank_Findings_ScoresEachHighestFirstEqualScoresInOrder()
    {
        var scoring = new CandidateScoring { Bias = 0, Weights = new Dictionary<string, double> { ["meanHu"] = 0.01 } };
        var low = Finding(peak: 0.9, mean: 0.5, lungFraction: 1, volume: 10, diameter: 3, equivalent: 3, hu: -100);
        var high = low with { MeanHu = 50 };
        var sameAsHigh = high with { VolumeMm3 = 20 };

        var ranked = scoring.Rank([low, high, sameAsHigh]);

        Assert.Equal([high.VolumeMm3, sameAsHigh.VolumeMm3, low.VolumeMm3], ranked.Select(f => f.VolumeMm3));
        Assert.Equal(1 / (1 + Math.Exp(1)), ranked[2].Score, 12);
    }

    private static NoduleFinding Finding(double peak, double mean, double lungFraction, double volume, double diameter, double equivalent, double hu) =>
        new(Vector3D.Zero, Vector3D.Zero, new BoundingBox(0, 0, 0, 0, 0, 0, Vector3D.Zero, Vector3D.Zero), diameter, equivalent, volume, hu, LungSide.Left, peak, peak, mean, lungFraction);
}
