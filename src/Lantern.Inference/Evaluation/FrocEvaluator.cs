using System.Globalization;
using Lantern.Imaging.Volumes;

namespace Lantern.Inference.Evaluation;

/// <summary>
/// Nodule detection scored as LUNA16 scores it. In each scan only the
/// <see cref="FrocOptions.MaximumFindingsPerScan"/> highest-scoring findings count. A finding hits a truth
/// nodule when its centre lies closer to the nodule's centre than the nodule's radius (diameter / 2). A nodule
/// is detected with the highest score among the findings hitting it; further hits on it are neither true nor
/// false positives; a finding hitting several nodules counts for each. A finding hitting no nodule is a false
/// positive. Every distinct score is a threshold, an operating point of the FROC curve: the nodules detected
/// with at least that score over all nodules, against the false positives with at least that score per scan.
/// Sensitivity at a rate is that of the lowest threshold whose false positives per scan do not exceed the rate
/// (0 when none); it equals the LUNA16 script's reading of its curve wherever no true and false positive share
/// a score, the script's linear interpolation between corners then being the same step.
/// </summary>
public static class FrocEvaluator
{
    /// <exception cref="ArgumentException">No scans, no truth nodules in them, or invalid options.</exception>
    public static FrocResult Evaluate(IReadOnlyList<ScanDetections> scans, FrocOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scans);
        options ??= new FrocOptions();
        options.Validate();
        if (scans.Count == 0)
        {
            throw new ArgumentException("A FROC evaluation needs at least one scan.", nameof(scans));
        }

        var nodules = new List<(TruthNodule Nodule, double? Score)>();
        var falsePositives = new List<double>();
        var findings = 0;
        foreach (var scan in scans)
        {
            var marks = scan.Findings.OrderByDescending(finding => finding.Score).Take(options.MaximumFindingsPerScan).ToArray();
            findings += marks.Length;
            var hits = new bool[marks.Length];
            foreach (var nodule in scan.Truth)
            {
                var radius = nodule.DiameterMm / 2;
                double? best = null;
                for (var i = 0; i < marks.Length; i++)
                {
                    var offset = marks[i].CenterMm - nodule.CenterMm;
                    if (Vector3D.Dot(offset, offset) < radius * radius)
                    {
                        hits[i] = true;
                        best = Math.Max(best ?? double.NegativeInfinity, marks[i].Score);
                    }
                }

                nodules.Add((nodule, best));
            }

            for (var i = 0; i < marks.Length; i++)
            {
                if (!hits[i])
                {
                    falsePositives.Add(marks[i].Score);
                }
            }
        }

        if (nodules.Count == 0)
        {
            throw new ArgumentException("The scans hold no truth nodules, so sensitivity is undefined.", nameof(scans));
        }

        var curve = Curve(nodules.Where(n => n.Score.HasValue).Select(n => n.Score!.Value), falsePositives);
        FrocPoint Point((double Threshold, int FalsePositives, int Detected) point) =>
            new((double)point.FalsePositives / scans.Count, (double)point.Detected / nodules.Count, point.Threshold);

        FrocPoint At(double rate)
        {
            // False positives only grow as the threshold falls, so the last point within the rate is the lowest threshold.
            var within = curve.FindLastIndex(point => point.FalsePositives <= (rate * scans.Count) + 1e-9);
            return within < 0 ? new FrocPoint(rate, 0, null) : Point(curve[within]) with { FalsePositivesPerScan = rate };
        }

        var points = options.FalsePositiveRates.Select(At).ToArray();
        var operating = At(options.OperatingFalsePositivesPerScan).Threshold;
        SensitivityGroup Group(string name, Func<TruthNodule, bool> member)
        {
            var members = nodules.Where(n => member(n.Nodule)).ToArray();
            var atOperatingPoint = members.Count(n => n.Score >= operating);
            var detected = members.Count(n => n.Score.HasValue);
            return new SensitivityGroup(
                name,
                members.Length,
                atOperatingPoint,
                members.Length == 0 ? null : (double)atOperatingPoint / members.Length,
                detected,
                members.Length == 0 ? null : (double)detected / members.Length);
        }

        IReadOnlyList<SensitivityGroup> By(Func<TruthNodule, string> key) =>
            [.. nodules.Select(n => key(n.Nodule)).Distinct().Order(StringComparer.Ordinal).Select(value => Group(value, n => key(n) == value))];

        return new FrocResult(
            scans.Count,
            nodules.Count,
            findings,
            nodules.Count(n => n.Score.HasValue),
            falsePositives.Count,
            points,
            points.Average(point => point.Sensitivity),
            options.OperatingFalsePositivesPerScan,
            [.. options.SizeBins.Select(bin => Group(bin.Name, n => bin.Contains(n.DiameterMm)))],
            By(n => n.Type),
            By(n => n.Attachment),
            Group(string.Create(CultureInfo.InvariantCulture, $">= {options.LargeNoduleMinimumMm:0.##} mm"), n => n.DiameterMm >= options.LargeNoduleMinimumMm),
            [.. curve.Select(Point)]);
    }

    /// <summary>One operating point per distinct score, highest first: the false positives and detected nodules scoring at least that.</summary>
    private static List<(double Threshold, int FalsePositives, int Detected)> Curve(IEnumerable<double> detections, IEnumerable<double> falsePositives)
    {
        var truePositive = detections.OrderDescending().ToArray();
        var falsePositive = falsePositives.OrderDescending().ToArray();
        var curve = new List<(double, int, int)>();
        int t = 0, f = 0;
        while (t < truePositive.Length || f < falsePositive.Length)
        {
            var threshold = Math.Max(
                t < truePositive.Length ? truePositive[t] : double.NegativeInfinity,
                f < falsePositive.Length ? falsePositive[f] : double.NegativeInfinity);
            while (t < truePositive.Length && truePositive[t] >= threshold)
            {
                t++;
            }

            while (f < falsePositive.Length && falsePositive[f] >= threshold)
            {
                f++;
            }

            curve.Add((threshold, f, t));
        }

        return curve;
    }
}
