using System.Text.Json;
using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Evaluation;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.Evaluation;

public sealed class FrocEvaluatorTests
{
    /// <summary>
    /// Two scans, four nodules, eight findings. Scan A: n1 (10 mm, solid) hit by 0.9 and again by 0.8 (ignored);
    /// n2 (4 mm, ground-glass) hit by 0.3; 0.7 and 0.2 (3 mm from n2, outside its 2 mm radius) are false
    /// positives. Scan B: n3 (8 mm, part-solid) hit by 0.5 (3.9 mm off); 0.4 sits exactly on its radius, so it
    /// is a false positive, as is 0.6; n4 (25 mm, solid) is missed.
    /// Operating points (threshold: FP/scan, sensitivity): 0.9: 0, 1/4; 0.7: 0.5, 1/4; 0.6: 1, 1/4; 0.5: 1, 2/4;
    /// 0.4: 1.5, 2/4; 0.3: 1.5, 3/4; 0.2: 2, 3/4.
    /// </summary>
    private static readonly ScanDetections[] Scans =
    [
        new(
            [Nodule(0, 0, 0, 10, "solid"), Nodule(50, 0, 0, 4, "ground-glass")],
            [Finding(1, 0, 0, 0.9), Finding(2, 0, 0, 0.8), Finding(100, 0, 0, 0.7), Finding(51, 0, 0, 0.3), Finding(53, 0, 0, 0.2)]),
        new(
            [Nodule(0, 0, 0, 8, "part-solid"), Nodule(0, 100, 0, 25, "solid")],
            [Finding(30, 0, 0, 0.6), Finding(0, 3.9, 0, 0.5), Finding(0, 0, 4, 0.4)]),
    ];

    [Fact]
    public void Evaluate_HandMadeScans_CountsHitsDoubleHitsAndFalsePositives()
    {
        var result = FrocEvaluator.Evaluate(Scans);

        Assert.Equal(2, result.Scans);
        Assert.Equal(4, result.Nodules);
        Assert.Equal(8, result.Findings);
        Assert.Equal(3, result.Detected);
        Assert.Equal(4, result.FalsePositives);
        Assert.Equal(0.75, result.Sensitivity);
        Assert.Equal(2, result.FalsePositivesPerScan);
    }

    [Fact]
    public void Evaluate_HandMadeScans_SensitivityAtTheLuna16RatesAndCpm()
    {
        var result = FrocEvaluator.Evaluate(Scans);

        Assert.Equal([0.125, 0.25, 0.5, 1, 2, 4, 8], result.Points.Select(p => p.FalsePositivesPerScan));
        Assert.Equal([0.25, 0.25, 0.25, 0.5, 0.75, 0.75, 0.75], result.Points.Select(p => p.Sensitivity));
        Assert.Equal([0.9, 0.9, 0.7, 0.5, 0.2, 0.2, 0.2], result.Points.Select(p => p.Threshold));
        Assert.Equal(3.5 / 7, result.Cpm, 12);
    }

    [Fact]
    public void Evaluate_HandMadeScans_CurveHasOnePointPerDistinctScore()
    {
        var result = FrocEvaluator.Evaluate(Scans);

        Assert.Equal(
            [
                new FrocPoint(0, 0.25, 0.9), new FrocPoint(0.5, 0.25, 0.7), new FrocPoint(1, 0.25, 0.6), new FrocPoint(1, 0.5, 0.5),
                new FrocPoint(1.5, 0.5, 0.4), new FrocPoint(1.5, 0.75, 0.3), new FrocPoint(2, 0.75, 0.2),
            ],
            result.Curve);
    }

    [Fact]
    public void Evaluate_HandMadeScans_SensitivityBySizeTypeAndAttachmentAtOneFalsePositivePerScan()
    {
        var result = FrocEvaluator.Evaluate(Scans);

        // At 1 FP/scan the threshold is 0.5: n1 (0.9) and n3 (0.5) count, n2 (0.3) does not.
        Assert.Equal(
            [
                new SensitivityGroup("3-6 mm", 1, 0, 0, 1, 1),
                new SensitivityGroup("6-10 mm", 1, 1, 1, 1, 1),
                new SensitivityGroup("10-30 mm", 2, 1, 0.5, 1, 0.5),
            ],
            result.BySize);
        Assert.Equal(
            [
                new SensitivityGroup("ground-glass", 1, 0, 0, 1, 1),
                new SensitivityGroup("part-solid", 1, 1, 1, 1, 1),
                new SensitivityGroup("solid", 2, 1, 0.5, 1, 0.5),
            ],
            result.ByType);
        Assert.Equal(new SensitivityGroup("isolated", 4, 2, 0.5, 3, 0.75), Assert.Single(result.ByAttachment));
        Assert.Equal(new SensitivityGroup(">= 6 mm", 3, 2, 2.0 / 3, 2, 2.0 / 3), result.LargeNodules);
    }

    [Fact]
    public void Evaluate_FindingsBeyondThePerScanCap_NotCounted()
    {
        var result = FrocEvaluator.Evaluate(Scans, new FrocOptions { MaximumFindingsPerScan = 2 });

        // Scan A keeps 0.9 and 0.8 (both on n1), scan B 0.6 (false positive) and 0.5 (n3).
        Assert.Equal(4, result.Findings);
        Assert.Equal(2, result.Detected);
        Assert.Equal(1, result.FalsePositives);
    }

    [Fact]
    public void Evaluate_FindingOnTwoOverlappingNodules_DetectsBoth()
    {
        ScanDetections[] scans = [new([Nodule(0, 0, 0, 10, "solid"), Nodule(3, 0, 0, 10, "solid")], [Finding(1.5, 0, 0, 0.8)])];

        var result = FrocEvaluator.Evaluate(scans);

        Assert.Equal(2, result.Detected);
        Assert.Equal(0, result.FalsePositives);
        Assert.All(result.Points, point => Assert.Equal(1, point.Sensitivity));
    }

    [Fact]
    public void Evaluate_TrueAndFalsePositiveOfTheSameScore_OneOperatingPointForBoth()
    {
        ScanDetections[] scans = [new([Nodule(0, 0, 0, 10, "solid")], [Finding(0, 0, 0, 0.5), Finding(40, 0, 0, 0.5)])];

        var result = FrocEvaluator.Evaluate(scans);

        Assert.Equal([new FrocPoint(1, 1, 0.5)], result.Curve);
        Assert.Equal([0, 0, 0, 1, 1, 1, 1], result.Points.Select(p => p.Sensitivity));
        Assert.Null(result.Points[0].Threshold);
    }

    [Fact]
    public void Evaluate_NoTruthNodules_ThrowsArgumentException()
    {
        ScanDetections[] scans = [new([], [Finding(0, 0, 0, 0.5)])];

        Assert.Throws<ArgumentException>(() => FrocEvaluator.Evaluate(scans));
    }

    [Fact]
    public void EvaluationReport_HandMadeScans_TableAndJsonCarryTheFigures()
    {
        var report = new EvaluationReport(2, new LungDice(0.97, 0.96), FrocEvaluator.Evaluate(Scans));
        var table = new StringWriter();

        report.WriteTable(table);
        using var json = JsonDocument.Parse(report.ToJson());

        var lines = table.ToString().Split('\n');
        Assert.Contains("Lung Dice (mean): left 0.9700, right 0.9600", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("Sensitivity ", StringComparison.Ordinal) && line.TrimEnd().EndsWith("0.500", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("size 3-6 mm", StringComparison.Ordinal) && line.Contains("0.000", StringComparison.Ordinal));
        Assert.Equal(0.5, json.RootElement.GetProperty("nodules").GetProperty("cpm").GetDouble(), 12);
        Assert.Equal(0.96, json.RootElement.GetProperty("lungDice").GetProperty("right").GetDouble());
        Assert.Equal(2.0 / 3, json.RootElement.GetProperty("nodules").GetProperty("largeNodules").GetProperty("sensitivityAtOperatingPoint").GetDouble(), 12);
    }

    private static TruthNodule Nodule(double x, double y, double z, double diameter, string type) =>
        new(new Vector3D(x, y, z), diameter, type, "isolated", LungSide.Left);

    private static NoduleFinding Finding(double x, double y, double z, double score) =>
        new(new Vector3D(x, y, z), Vector3D.Zero, new BoundingBox(0, 0, 0, 0, 0, 0, Vector3D.Zero, Vector3D.Zero), 5, 5, 65, 0, LungSide.Left, score, score, score, 1);
}
