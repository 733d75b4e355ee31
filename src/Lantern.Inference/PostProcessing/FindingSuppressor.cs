using Lantern.Inference.Manifests;

namespace Lantern.Inference.PostProcessing;

/// <summary>Applies a model's <see cref="FindingSuppression"/> to its scored findings.</summary>
public static class FindingSuppressor
{
    /// <summary>The findings kept, highest score first (ties in their given order).</summary>
    public static IReadOnlyList<NoduleFinding> Suppress(IReadOnlyList<NoduleFinding> findings, FindingSuppression settings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(settings);
        var kept = new List<NoduleFinding>();
        foreach (var finding in findings.OrderByDescending(f => f.Score))
        {
            if (!kept.Any(k => (finding.CenterMm - k.CenterMm).Length < Math.Max(settings.DistanceMm, settings.LongAxisFactor * k.DiameterMm / 2)))
            {
                kept.Add(finding);
            }
        }

        return kept;
    }
}
