namespace Lantern.Inference.Evaluation;

/// <summary>Nodule detection figures over a set of scans; see <see cref="FrocEvaluator"/>.</summary>
/// <param name="Scans">Scans evaluated.</param>
/// <param name="Nodules">Truth nodules in them.</param>
/// <param name="Findings">Findings counted (at most <see cref="FrocOptions.MaximumFindingsPerScan"/> a scan).</param>
/// <param name="Detected">Nodules hit by at least one finding.</param>
/// <param name="FalsePositives">Findings that hit no nodule.</param>
/// <param name="Points">Sensitivity at each of <see cref="FrocOptions.FalsePositiveRates"/>.</param>
/// <param name="Cpm">Competition performance metric: the mean sensitivity of <paramref name="Points"/>.</param>
/// <param name="OperatingFalsePositivesPerScan">The rate at which the groups' sensitivities are read.</param>
/// <param name="LargeNodules">Nodules at least <see cref="FrocOptions.LargeNoduleMinimumMm"/> across: the acceptance figure.</param>
/// <param name="Curve">Every operating point, highest threshold first.</param>
public sealed record FrocResult(
    int Scans,
    int Nodules,
    int Findings,
    int Detected,
    int FalsePositives,
    IReadOnlyList<FrocPoint> Points,
    double Cpm,
    double OperatingFalsePositivesPerScan,
    IReadOnlyList<SensitivityGroup> BySize,
    IReadOnlyList<SensitivityGroup> ByType,
    IReadOnlyList<SensitivityGroup> ByAttachment,
    SensitivityGroup LargeNodules,
    IReadOnlyList<FrocPoint> Curve)
{
    /// <summary>The share of nodules found with every finding counted.</summary>
    public double Sensitivity => (double)Detected / Nodules;

    public double FalsePositivesPerScan => (double)FalsePositives / Scans;
}
