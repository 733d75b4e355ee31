using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Phantoms;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Evaluation;
using Lantern.Inference.Manifests;
using Lantern.Inference.Pipeline;
using Lantern.Inference.PostProcessing;

namespace Lantern.Node.Commands;

/// <summary>
/// <c>lantern evaluate --seeds A..B [--models DIR] [--json OUT] [--keep DIR]</c>: measures the models on
/// phantoms. For each seed, the phantom with default options is written as DICOM to a temporary folder,
/// analysed from those files by the same pipeline as <c>lantern analyze</c> (with the lung mask on the CT
/// grid), and compared with its truth: lung Dice per side on the CT grid, and the findings against the truth
/// nodules. Prints a line per seed, then <see cref="EvaluationReport"/>'s table; <c>--json</c> writes the
/// report; <c>--keep</c> keeps each phantom in DIR/seed-N instead of deleting it. Seeds a model was trained or
/// validated on (its manifest's training.trainSeeds and training.validationSeeds) draw a warning.
/// Exit codes: 0 done; 2 with one line on standard error for a bad argument, models that cannot be loaded,
/// or a folder that cannot be written.
/// </summary>
public static class EvaluateCommand
{
    public const int Success = 0;
    public const int Failure = 2;

    public static Command Create()
    {
        var seeds = new Option<string>("--seeds") { Description = "Seeds to evaluate: A..B (inclusive) or one seed.", Required = true };
        var models = new Option<string?>("--models") { Description = "Folder holding lung-segmentation/ and nodule-detection/ (default: models/ beside the executable)." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var keep = new Option<string?>("--keep") { Description = "Keep each phantom in this folder (seed-N/) instead of deleting it." };
        var command = new Command("evaluate", "Measures lung Dice and nodule detection (FROC, CPM) on generated phantoms.");
        foreach (var option in new Option[] { seeds, models, json, keep })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (ParseSeeds(parse.GetValue(seeds)!) is not { } range)
            {
                return Task.FromResult(Fail(error, $"--seeds takes A..B or one seed, whole numbers with A <= B (got '{parse.GetValue(seeds)}')"));
            }

            return Task.FromResult(Run(
                range,
                parse.GetValue(models) ?? AnalyzeCommand.DefaultModelsDirectory,
                parse.GetValue(json),
                parse.GetValue(keep),
                parse.InvocationConfiguration.Output,
                error,
                cancellationToken));
        });
        return command;
    }

    /// <summary>"A..B" or "A" as an inclusive range; null when malformed or reversed.</summary>
    public static (ulong First, ulong Last)? ParseSeeds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split("..");
        if (parts.Length is < 1 or > 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !ulong.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first > last)
        {
            return null;
        }

        return (first, last);
    }

    public static int Run((ulong First, ulong Last) seeds, string modelsDirectory, string? jsonPath, string? keepDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (AnalyzeCommand.OpenAnalyzer(modelsDirectory, error, "evaluate") is not { } analyzer)
        {
            return Failure;
        }

        using (analyzer)
        {
            foreach (var warning in TrainingOverlaps(seeds, analyzer.LungModel).Concat(TrainingOverlaps(seeds, analyzer.NoduleModel)))
            {
                error.WriteLine($"lantern evaluate: warning: {warning}; figures on those seeds do not measure how the model does on unseen scans");
            }

            var dices = new List<LungDice>();
            var scans = new List<ScanDetections>();
            try
            {
                for (var seed = seeds.First; ; seed++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (dice, scan) = EvaluateSeed(analyzer, seed, keepDirectory, output, cancellationToken);
                    dices.Add(dice);
                    scans.Add(scan);
                    if (seed == seeds.Last)
                    {
                        break;
                    }
                }
            }
            catch (IOException e)
            {
                return Fail(error, $"cannot write a phantom: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                return Fail(error, $"cannot write a phantom: {e.Message}");
            }

            var froc = scans.Sum(s => s.Truth.Count) > 0 ? FrocEvaluator.Evaluate(scans) : null;
            var report = new EvaluationReport(scans.Count, LungDice.Mean(dices), froc);
            output.WriteLine();
            report.WriteTable(output);
            if (jsonPath is not null)
            {
                try
                {
                    using var stream = new FileStream(jsonPath, FileMode.Create, FileAccess.Write, FileShare.None);
                    report.WriteJson(stream);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Fail(error, $"cannot write {jsonPath}: {e.Message}");
                }
            }

            return Success;
        }
    }

    /// <summary>One phantom: written, analysed from its DICOM files, scored; one line on <paramref name="output"/>.</summary>
    private static (LungDice Dice, ScanDetections Scan) EvaluateSeed(ChestCtAnalyzer analyzer, ulong seed, string? keepDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var directory = keepDirectory is null
            ? Directory.CreateTempSubdirectory($"lantern-evaluate-{seed}-").FullName
            : Directory.CreateDirectory(Path.Combine(keepDirectory, string.Create(CultureInfo.InvariantCulture, $"seed-{seed}"))).FullName;
        try
        {
            var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = seed });
            var written = PhantomWriter.Write(phantom, directory, writeVolume: false, cancellationToken);
            var generated = clock.Elapsed;
            var truth = TruthNodule.Load(written.TruthPath);
            var analysis = analyzer.Analyze(written.DicomDirectory, new AnalysisOptions { LungMaskOnCtGrid = true }, cancellationToken);
            var c = CultureInfo.InvariantCulture;
            var g = phantom.Geometry;
            var scanLine = string.Create(c, $"seed {seed}: {g.Slices} slices {g.SliceSpacingMm:0.###} mm apart, {truth.Count} nodule(s)");
            if (analysis.LungMask is not { } predicted)
            {
                output.WriteLine($"{scanLine}: not analysable: {analysis.NotAnalysableReason}; counted as Dice 0 and no findings");
                return (new LungDice(0, 0), new ScanDetections(truth, []));
            }

            var dice = LungDice.Compute(TruthLungs(phantom, predicted.Geometry), predicted.Labels);
            var scan = new ScanDetections(truth, analysis.Findings);
            var hits = truth.Count(n => analysis.Findings.Any(f => (f.CenterMm - n.CenterMm).Length < n.DiameterMm / 2));
            output.WriteLine(string.Create(
                c,
                $"{scanLine}, {analysis.Findings.Count} finding(s), {hits} nodule(s) hit; Dice left {dice.Left:0.0000} right {dice.Right:0.0000}; phantom {generated.TotalSeconds:0.0} s, analysis {analysis.Timings.Total.TotalSeconds:0.0} s"));
            return (dice, scan);
        }
        finally
        {
            if (keepDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// The phantom's lungs on the analysed CT grid: left 1, right 2; each nodule voxel (label 3) goes to the lung
    /// of the truth nodule whose centre is nearest to it, so a nodule counts as part of the lung that holds it.
    /// </summary>
    private static Volume<byte> TruthLungs(ChestPhantom phantom, VolumeGeometry grid)
    {
        var g = phantom.Geometry;
        if (g.Columns != grid.SizeX || g.Rows != grid.SizeY || g.Slices != grid.SizeZ)
        {
            throw new InvalidOperationException($"The phantom is {g.Columns}x{g.Rows}x{g.Slices} but its series loaded as {grid.SizeX}x{grid.SizeY}x{grid.SizeZ}.");
        }

        var truth = new Volume<byte>(grid);
        var nodules = phantom.Nodules;
        Parallel.For(0, grid.SizeZ, z =>
        {
            var slice = truth.GetSlice(z);
            phantom.RenderLabels(z, slice);
            for (int i = 0, found; (found = slice[i..].IndexOf(PhantomLabels.Nodule)) >= 0; i++)
            {
                i += found;
                var voxel = grid.VoxelToPatient(i % grid.SizeX, i / grid.SizeX, z);
                var nearest = nodules.MinBy(n => (new Vector3D(n.X, n.Y, n.Z) - voxel).Length);
                slice[i] = nearest is null ? LungMask.Background : LungMask.Value(nearest.Side);
            }
        });
        return truth;
    }

    /// <summary>Warnings for each of the model's training and validation seed ranges (from its manifest) that the evaluated range overlaps.</summary>
    private static IEnumerable<string> TrainingOverlaps((ulong First, ulong Last) seeds, ModelManifest model)
    {
        if (model.Training is not { ValueKind: JsonValueKind.Object } training)
        {
            yield break;
        }

        foreach (var (field, role) in new[] { ("trainSeeds", "training"), ("validationSeeds", "validation") })
        {
            if (training.TryGetProperty(field, out var range) && range.ValueKind == JsonValueKind.Array && range.GetArrayLength() == 2
                && range[0].TryGetUInt64(out var first) && range[1].TryGetUInt64(out var last)
                && seeds.First <= last && first <= seeds.Last)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"seeds {seeds.First}..{seeds.Last} overlap {model.Name}'s {role} seeds {first}..{last}");
            }
        }
    }

    private static int Fail(TextWriter error, string reason)
    {
        error.WriteLine($"lantern evaluate: {reason.ReplaceLineEndings(" ")}");
        error.Flush();
        return Failure;
    }
}
