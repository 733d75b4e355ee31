using System.Globalization;
using System.Text.Json;

namespace Lantern.Inference.Evaluation;

/// <summary>What <c>lantern evaluate</c> reports: mean lung Dice and nodule detection figures over a set of scans, either of which may be absent.</summary>
public sealed record EvaluationReport(int Scans, LungDice? LungDice, FrocResult? Nodules)
{
    /// <summary>The report as indented JSON (camelCase names), UTF-8.</summary>
    public void WriteJson(Stream stream) => JsonSerializer.Serialize(stream, this, EvaluationJsonContext.Default.EvaluationReport);

    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJsonContext.Default.EvaluationReport);

    /// <summary>The report as a plain-text table for a terminal.</summary>
    public void WriteTable(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"Scans: {Scans}"));
        if (LungDice is { } dice)
        {
            writer.WriteLine(string.Create(c, $"Lung Dice (mean): left {dice.Left:0.0000}, right {dice.Right:0.0000}"));
        }

        if (Nodules is not { } froc)
        {
            return;
        }

        writer.WriteLine(string.Create(
            c,
            $"Nodules: {froc.Nodules}; findings: {froc.Findings}; detected: {froc.Detected} (sensitivity {froc.Sensitivity:0.000}); false positives: {froc.FalsePositives} ({froc.FalsePositivesPerScan:0.000} per scan)"));
        writer.WriteLine();
        writer.Write("FP/scan     ");
        foreach (var point in froc.Points)
        {
            writer.Write(string.Create(c, $"{point.FalsePositivesPerScan,7:0.###}"));
        }

        writer.WriteLine("      CPM");
        writer.Write("Sensitivity ");
        foreach (var point in froc.Points)
        {
            writer.Write(string.Create(c, $"{point.Sensitivity,7:0.000}"));
        }

        writer.WriteLine(string.Create(c, $"{froc.Cpm,9:0.000}"));
        writer.WriteLine();
        writer.WriteLine(string.Create(c, $"{"Group",-26}{"Nodules",8}{$"@{froc.OperatingFalsePositivesPerScan:0.###} FP/scan",14}{"Any",8}"));
        void Row(string kind, SensitivityGroup group) =>
            writer.WriteLine(string.Create(c, $"{kind + " " + group.Name,-26}{group.Nodules,8}{Format(group.SensitivityAtOperatingPoint),14}{Format(group.Sensitivity),8}"));

        foreach (var group in froc.BySize)
        {
            Row("size", group);
        }

        foreach (var group in froc.ByType)
        {
            Row("type", group);
        }

        foreach (var group in froc.ByAttachment)
        {
            Row("attachment", group);
        }

        Row("size", froc.LargeNodules);
    }

    private static string Format(double? sensitivity) =>
        sensitivity is { } value ? value.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
