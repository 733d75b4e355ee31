using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.Onnx;
using Lantern.Inference.Pipeline;

namespace Lantern.Node.Commands;

/// <summary>
/// <c>lantern analyze SERIES_DIR [--json OUT] [--models DIR] [--masks DIR]</c>: finds lung nodules in the one
/// CT series of a folder (<see cref="ChestCtAnalyzer"/>). Prints the best findings, a row each, then the time of each
/// stage, the execution providers, the grids and the peak resident memory. <c>--json</c> writes the contract
/// of <see cref="ChestCtAnalysis.WriteJson"/>; <c>--masks</c> writes lungs.npy, nodules.npy and masks.json.
/// Exit codes: 0 analysed (with or without findings); 3 not analysable, with "not analysable: REASON" on
/// standard output and <c>{"notAnalysable": REASON}</c> as the JSON; 2 with one line on standard error when
/// the folder does not exist, the models cannot be loaded or run, or an output cannot be written.
/// </summary>
public static class AnalyzeCommand
{
    public const int Success = 0;
    public const int Failure = 2;
    public const int NotAnalysable = 3;

    /// <summary>Where the build puts the models: models/ beside the executable.</summary>
    public static string DefaultModelsDirectory => Path.Combine(AppContext.BaseDirectory, "models");

    public static Command Create()
    {
        var series = new Argument<string>("SERIES_DIR") { Description = "Folder holding one CT series (DICOM files, in subfolders too)." };
        var json = new Option<string?>("--json") { Description = "Write the findings as JSON to this file: {\"findings\": [...]} or {\"notAnalysable\": reason}." };
        var models = new Option<string?>("--models") { Description = "Folder holding lung-segmentation/ and nodule-detection/ (default: models/ beside the executable)." };
        var masks = new Option<string?>("--masks") { Description = "Write lungs.npy, nodules.npy (uint8 on the CT grid) and masks.json to this folder." };
        var command = new Command("analyze", "Finds lung nodules in a chest CT series with the lung and nodule models.");
        command.Arguments.Add(series);
        foreach (var option in new Option[] { json, models, masks })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            parse.GetValue(series)!,
            parse.GetValue(models) ?? DefaultModelsDirectory,
            parse.GetValue(json),
            parse.GetValue(masks),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    public static int Run(string seriesDirectory, string modelsDirectory, string? jsonPath, string? masksDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!Directory.Exists(seriesDirectory))
        {
            return Fail(error, $"no such folder: {seriesDirectory}");
        }

        if (OpenAnalyzer(modelsDirectory, error, "analyze") is not { } analyzer)
        {
            return Failure;
        }

        using (analyzer)
        {
            try
            {
                var writeMasks = masksDirectory is not null;
                var analysis = analyzer.Analyze(seriesDirectory, new AnalysisOptions { LungMaskOnCtGrid = writeMasks, NoduleMaskOnCtGrid = writeMasks }, cancellationToken);
                if (jsonPath is not null)
                {
                    using var stream = new FileStream(jsonPath, FileMode.Create, FileAccess.Write, FileShare.None);
                    analysis.WriteJson(stream);
                }

                if (!analysis.IsAnalysable)
                {
                    output.WriteLine($"not analysable: {analysis.NotAnalysableReason}");
                    WriteTimings(output, analysis);
                    return NotAnalysable;
                }

                if (masksDirectory is not null)
                {
                    analysis.WriteMasks(masksDirectory);
                }

                WriteFindings(output, analysis, analyzer);
                WriteTimings(output, analysis);
                return Success;
            }
            catch (OnnxRuntimeException e)
            {
                return Fail(error, $"a model failed: {e.Message}");
            }
            catch (IOException e)
            {
                return Fail(error, $"cannot write the output: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                return Fail(error, $"cannot write the output: {e.Message}");
            }
        }
    }

    /// <summary>
    /// The analyzer of the models in <paramref name="modelsDirectory"/> on ONNX Runtime with one intra-op thread
    /// per processor and the default providers (CUDA or DirectML when available, else the CPU); null, with one
    /// line on <paramref name="error"/>, when the runtime or a model cannot be loaded.
    /// </summary>
    public static ChestCtAnalyzer? OpenAnalyzer(string modelsDirectory, TextWriter error, string commandName)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            using var runtime = new OnnxRuntime(new OnnxRuntimeOptions { IntraOpThreads = Environment.ProcessorCount });
            return ChestCtAnalyzer.Open(modelsDirectory, runtime);
        }
        catch (Exception e) when (e is ModelManifestException or OnnxRuntimeNotFoundException or OnnxRuntimeException or ArgumentException or NotSupportedException)
        {
            Fail(error, $"cannot load the models from {modelsDirectory}: {e.Message}", commandName);
            return null;
        }
    }

    /// <summary>Rows of the findings table: blob candidates make about a thousand findings a scan; the best lead, the JSON holds all.</summary>
    public const int TableRows = 20;

    /// <summary>One row per finding, highest score first, at most <see cref="TableRows"/>; a last line counts the rest (all are in the JSON).</summary>
    public static void WriteFindings(TextWriter output, ChestCtAnalysis analysis, ChestCtAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(analyzer);
        var c = CultureInfo.InvariantCulture;
        var models = $"{analyzer.NoduleModel.Name} {analyzer.NoduleModel.Version}, {analyzer.LungModel.Name} {analyzer.LungModel.Version}";
        if (analysis.Findings.Count == 0)
        {
            output.WriteLine($"No findings ({models}).");
            return;
        }

        output.WriteLine($"{analysis.Findings.Count} finding(s) ({models}); centres in patient LPS mm:");
        output.WriteLine(string.Create(c, $"{"#",3} {"x",8} {"y",8} {"z",8} {"diameter mm",12} {"volume mm3",11} {"score",6}  side"));
        var number = 0;
        foreach (var f in analysis.Findings.Take(TableRows))
        {
            output.WriteLine(string.Create(
                c,
                $"{++number,3} {f.CenterMm.X,8:0.0} {f.CenterMm.Y,8:0.0} {f.CenterMm.Z,8:0.0} {f.DiameterMm,12:0.0} {f.VolumeMm3,11:0.0} {f.Score,6:0.000}  {ChestCtAnalysis.SideName(f.Side)}"));
        }

        if (analysis.Findings.Count > TableRows)
        {
            output.WriteLine(string.Create(c, $"... {analysis.Findings.Count - TableRows} more, scores {analysis.Findings[TableRows].Score:0.000} and below (all in --json)"));
        }
    }

    /// <summary>Milliseconds per stage, then providers, grids and the peak resident memory of this process.</summary>
    public static void WriteTimings(TextWriter output, ChestCtAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(analysis);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"{"stage",-24}{"ms",8}");
        foreach (var (stage, time) in analysis.Timings.Stages)
        {
            output.WriteLine(string.Create(c, $"{stage,-24}{time.TotalMilliseconds,8:0}"));
        }

        output.WriteLine($"providers: lungs {Name(analysis.LungProvider)}, nodules {Name(analysis.NoduleProvider)}");
        var grids = new[] { ("CT", analysis.CtGrid), ("lungs", analysis.LungGrid), ("nodules", analysis.NoduleGrid) }
            .Where(g => g.Item2 is not null)
            .Select(g => string.Create(c, $"{g.Item1} {Describe(g.Item2!)}"));
        output.WriteLine($"grids: {string.Join("; ", grids)}");
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(c, $"peak RSS: {process.PeakWorkingSet64 / (1024.0 * 1024):0} MB"));
    }

    private static string Describe(VolumeGeometry g) =>
        string.Create(CultureInfo.InvariantCulture, $"{g.SizeX}x{g.SizeY}x{g.SizeZ} voxels of {g.Spacing.X:0.###}x{g.Spacing.Y:0.###}x{g.Spacing.Z:0.###} mm");

    private static string Name(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cpu => "CPU",
        ExecutionProvider.Cuda => "CUDA",
        _ => provider.ToString(),
    };

    private static int Fail(TextWriter error, string reason, string commandName = "analyze")
    {
        error.WriteLine($"lantern {commandName}: {reason.ReplaceLineEndings(" ")}");
        error.Flush();
        return Failure;
    }
}
