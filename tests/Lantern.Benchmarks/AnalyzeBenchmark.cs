using System.Globalization;

namespace Lantern.Benchmarks;

/// <summary>
/// <c>lantern analyze</c> as a whole process on a 300-slice 512×512 chest phantom (seed 9090, 1 mm slices),
/// written once by <c>lantern phantom</c> and kept: median of each stage's time over the timed runs, the
/// process's wall and CPU time, and its peak resident memory (VmHWM, which <c>lantern analyze</c> prints
/// itself: it has exited by the time the runner could read /proc). One untimed run first builds
/// <c>./lantern</c> when it is stale and brings the series into the page cache.
/// </summary>
internal static class AnalyzeBenchmark
{
    private const int Runs = 3;
    private const string MarkerName = ".complete";

    // Changes whenever the phantom's options change, so that an old cached phantom is rewritten.
    private const string Version = "lantern-bench analyze v1: --seed 9090 --slices 300 --slice-thickness 1";
    private static readonly string[] s_phantomArguments = ["--seed", "9090", "--slices", "300", "--slice-thickness", "1"];
    private static readonly string[] s_stages =
    [
        "load", "lung resample", "lung inference", "lung post-processing", "nodule resample", "nodule inference",
        "nodule post-processing", "blob filter", "candidate classifier", "CT-grid masks", "total",
    ];

    private const double GoalSeconds = 30;
    private const double GoalMegabytes = 2.5 * 1024;

    /// <summary>
    /// <c>analyze [--models DIR] [--masks] [--lantern PATH]</c>: the models default to the repository's models/, the
    /// executable to the repository's ./lantern (which rebuilds itself when stale).
    /// </summary>
    public static int Run(string[] args)
    {
        var root = Repository.Root();
        var lantern = Path.Combine(root, "lantern");
        var models = Path.Combine(root, "models");
        var masks = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--models" when i + 1 < args.Length:
                    models = Path.GetFullPath(args[++i]);
                    break;
                case "--masks":
                    masks = true;
                    break;
                case "--lantern" when i + 1 < args.Length:
                    lantern = Path.GetFullPath(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine($"analyze: unknown argument '{args[i]}'; usage: analyze [--models DIR] [--masks] [--lantern PATH]");
                    return 2;
            }
        }

        var phantom = Path.Combine(Path.GetTempPath(), "lantern-bench", "analyze-9090");
        if (!EnsurePhantom(lantern, phantom))
        {
            return 1;
        }

        var maskDirectory = Path.Combine(Path.GetTempPath(), "lantern-bench", "analyze-masks");
        string[] arguments = ["analyze", Path.Combine(phantom, "dicom"), "--models", models, .. masks ? new[] { "--masks", maskDirectory } : []];
        Console.WriteLine($"Analyze benchmark: lantern {string.Join(' ', arguments)}");
        Console.WriteLine($"Phantom: {Version}; median of {Runs} runs after one untimed run");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; load average before: {LoadAverage()}");
        Console.WriteLine();

        var runs = new List<(ProcessResult Process, Dictionary<string, double> Stages, double PeakMegabytes)>();
        for (var run = 0; run <= Runs; run++)
        {
            Console.Error.Write(run == 0 ? "untimed run ... " : $"run {run}/{Runs} ... ");
            var result = ProcessRunner.Run(lantern, arguments, discardOutput: false);
            Console.Error.WriteLine($"{result.Elapsed.TotalSeconds:0.0} s");
            if (result.ExitCode != 0)
            {
                Console.Error.WriteLine($"lantern analyze exited with {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
                return 1;
            }

            if (run > 0)
            {
                runs.Add((result, ParseStages(result.StandardOutput), ParsePeak(result.StandardOutput)));
            }
        }

        Console.WriteLine($"{"stage",-24}{"median ms",10}{"min",8}{"max",8}");
        foreach (var stage in s_stages)
        {
            var values = runs.Select(r => r.Stages.GetValueOrDefault(stage)).ToList();
            Console.WriteLine($"{stage,-24}{Sample.MedianOf(values),10:0}{values.Min(),8:0}{values.Max(),8:0}");
        }

        var wall = Sample.MedianOf([.. runs.Select(r => r.Process.Elapsed.TotalSeconds)]);
        var cpu = runs.All(r => r.Process.CpuTime.HasValue) ? Sample.MedianOf([.. runs.Select(r => r.Process.CpuTime!.Value.TotalSeconds)]) : double.NaN;
        var peak = runs.Max(r => r.PeakMegabytes);
        var total = Sample.MedianOf([.. runs.Select(r => r.Stages.GetValueOrDefault("total"))]) / 1000;
        Console.WriteLine();
        Console.WriteLine($"process: wall {wall:0.0} s, CPU {cpu:0.0} s (user + system), peak RSS {peak:0} MB (largest of the runs)");
        var last = runs[^1].Process.StandardOutput.Split('\n');
        foreach (var line in last.Where(l => l.StartsWith("providers:", StringComparison.Ordinal) || l.StartsWith("grids:", StringComparison.Ordinal)
            || l.Contains("finding", StringComparison.Ordinal)))
        {
            Console.WriteLine(line.TrimEnd());
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine($"Goal: total < {GoalSeconds:0} s on 2 cores: {total:0.0} s on {Environment.ProcessorCount} ({(total < GoalSeconds ? "met" : "not met")}); "
            + $"peak RSS < {GoalMegabytes / 1024:0.0} GB: {peak:0} MB ({(peak < GoalMegabytes ? "met" : "not met")})");
        return 0;
    }

    /// <summary>Writes the phantom with <c>lantern phantom</c> unless a complete copy of this version is there.</summary>
    private static bool EnsurePhantom(string lantern, string directory)
    {
        var marker = Path.Combine(directory, MarkerName);
        if (File.Exists(marker) && File.ReadAllText(marker) == Version)
        {
            Console.Error.WriteLine($"Using the cached phantom in {directory}");
            return true;
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.Error.WriteLine($"Writing the phantom to {directory} ...");
        var result = ProcessRunner.Run(lantern, ["phantom", "--out", directory, .. s_phantomArguments], discardOutput: false);
        if (result.ExitCode != 0)
        {
            Console.Error.WriteLine($"lantern phantom exited with {result.ExitCode}: {result.StandardError}");
            return false;
        }

        Console.Error.Write(result.StandardOutput);
        File.WriteAllText(marker, Version);
        return true;
    }

    /// <summary>The stage table <c>lantern analyze</c> prints: a name padded to 24 characters, then milliseconds.</summary>
    private static Dictionary<string, double> ParseStages(string output)
    {
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            if (line.Length > 24 && s_stages.Contains(line[..24].Trim())
                && double.TryParse(line[24..], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
            {
                stages[line[..24].Trim()] = milliseconds;
            }
        }

        return stages;
    }

    /// <summary>"peak RSS: N MB".</summary>
    private static double ParsePeak(string output)
    {
        const string Prefix = "peak RSS: ";
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        return line is not null && double.TryParse(line[Prefix.Length..].Replace("MB", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var megabytes)
            ? megabytes
            : double.NaN;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
