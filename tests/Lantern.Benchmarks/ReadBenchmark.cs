using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Lantern.Benchmarks;

/// <summary>Who produced a row, which decides the ratios printed next to our rows.</summary>
internal enum Role
{
    Ceiling,
    OursInProcess,
    OursProcess,
    Dcmdump,
    PydicomLoop,
    PydicomProcess,
}

/// <summary>
/// Wall seconds per pass over all files, one per timed run, and the CPU seconds of each run where
/// known (user + system of every thread of the process); or why there are none.
/// </summary>
internal sealed record Sample(double[] Seconds, double[]? CpuSeconds = null, string? Failure = null)
{
    public static Sample Failed(string why) => new([], null, why);

    public double Median => MedianOf(Seconds);

    public double? CpuMedian => CpuSeconds is { Length: > 0 } cpu ? MedianOf(cpu) : null;

    /// <summary>(slowest − fastest) / median, in percent.</summary>
    public double SpreadPercent => Seconds.Length < 2 ? 0 : 100 * (Seconds.Max() - Seconds.Min()) / Median;

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

internal sealed record Row(Role Role, bool Headers, string Tool, string How, Sample Sample);

/// <summary>
/// One tool timed as a whole process: a first untimed run, then <c>runs</c> timed ones, one per
/// <see cref="Step"/>; stops at the first run that fails its check. No <c>run</c>: it cannot start,
/// for the reason given.
/// </summary>
internal sealed class ProcessJob(int runs, Func<ProcessResult>? run, Func<ProcessResult, string?> check, string? cannotRun)
{
    private readonly List<double> _seconds = [];
    private readonly List<double> _cpuSeconds = [];
    private int _done;
    private string? _failure = run is null ? cannotRun ?? "cannot run" : null;

    public bool Finished => _failure is not null || _done > runs;

    public Sample Sample => _failure is { } failure
        ? Sample.Failed(failure)
        : new Sample([.. _seconds], _cpuSeconds.Count == _seconds.Count ? [.. _cpuSeconds] : null);

    public void Step()
    {
        if (Finished || run is null)
        {
            return;
        }

        var result = run();
        _failure = check(result);
        if (_failure is null && _done > 0)
        {
            _seconds.Add(result.Elapsed.TotalSeconds);
            if (result.CpuTime is { } cpu)
            {
                _cpuSeconds.Add(cpu.TotalSeconds);
            }
        }

        _done++;
    }
}

/// <summary>
/// The <c>run</c> mode: generates (or reuses) the series, warms the page cache, measures every tool
/// in both modes, and prints one table. Progress goes to standard error, the report to standard output.
/// Nothing here asserts a timing: a failing tool gives a row that says why, not an exception.
/// </summary>
internal static class ReadBenchmark
{
    private const string Python = "/usr/bin/python3";
    private const int InProcessTimedPassesHeaders = 21;
    private const int InProcessTimedPassesFull = 11;
    private const int ProcessRuns = 5;
    private const int PydicomLoopPasses = 5;
    private const int PydicomProcessRuns = 3;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1.5);

    public static int Run(string[] args)
    {
        var directory = CtSeries.DefaultDirectory;
        var regenerate = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dir" when i + 1 < args.Length:
                    directory = Path.GetFullPath(args[++i]);
                    break;
                case "--regenerate":
                    regenerate = true;
                    break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'");
                    return 2;
            }
        }

        var started = Stopwatch.GetTimestamp();
        var log = Console.Error;
        var files = CtSeries.Ensure(directory, regenerate, log);
        var totalBytes = files.Sum(f => new FileInfo(f).Length);
        WarmPageCache(files);

        var rows = new List<Row>();
        var notes = new List<string>();
        var cat = ProcessRunner.FindOnPath("cat");
        var dcmdump = ProcessRunner.FindOnPath("dcmdump");
        var script = Path.Combine(AppContext.BaseDirectory, "pydicom_read.py");
        var hasPython = File.Exists(Python);
        string? pythonVersions = null;
        var loadBefore = LoadAverage();

        // Ours in this process, and pydicom's in-process loops.
        var checksums = new Dictionary<bool, long>();
        var inProcess = new Dictionary<bool, Sample>();
        var pydicomLoops = new Dictionary<bool, Sample>();
        foreach (var headers in new[] { true, false })
        {
            var label = headers ? "(a)" : "(b)";
            log.WriteLine($"{label} Lantern in-process ...");
            var (sample, checksum, note) = MeasureInProcess(files, headers);
            inProcess[headers] = sample;
            checksums[headers] = checksum;
            notes.Add($"{label} Lantern in-process: {note}");

            log.WriteLine($"{label} pydicom in-process loop ...");
            if (!hasPython)
            {
                pydicomLoops[headers] = Sample.Failed($"{Python} not found");
                continue;
            }

            var loop = ProcessRunner.Run(Python, [script, Flag(headers), directory, "1", PydicomLoopPasses.ToString(CultureInfo.InvariantCulture)], false);
            pydicomLoops[headers] = ParsePydicomPasses(loop, files.Length);
            pythonVersions ??= loop.StandardOutput.Split('\n').FirstOrDefault(l => l.StartsWith("versions ", StringComparison.Ordinal))?["versions ".Length..];
        }

        // Whole processes, interleaved round by round so that a change in the machine's load hits every tool alike.
        var (self, selfPrefix) = ProcessRunner.Self();
        var emptyDirectory = Path.Combine(Path.GetTempPath(), "lantern-bench", "empty");
        Directory.CreateDirectory(emptyDirectory);
        var catJob = new ProcessJob(ProcessRuns, cat is null ? null : () => ProcessRunner.Run(cat, files, discardOutput: true), ExitedZero, "cat not on PATH");
        var fixedCostJob = new ProcessJob(ProcessRuns, () => ProcessRunner.Run(self, [.. selfPrefix, "read-once", "--headers", emptyDirectory], false), ExitedZero, null);
        var jobs = new List<ProcessJob> { catJob, fixedCostJob };
        var perMode = new Dictionary<bool, (ProcessJob Ours, List<double> LoopSeconds, List<double> FirstSeconds, ProcessJob Dcmdump, ProcessJob Pydicom)>();
        foreach (var headers in new[] { true, false })
        {
            var checksum = checksums[headers];
            var loopSeconds = new List<double>();
            var firstSeconds = new List<double>();
            var ours = new ProcessJob(ProcessRuns, () => ProcessRunner.Run(self, [.. selfPrefix, "read-once", Flag(headers), directory], false), result =>
            {
                var fields = ParseFields(result.StandardOutput);
                if (result.ExitCode != 0 || !fields.TryGetValue("files", out var count) || !fields.TryGetValue("checksum", out var sum))
                {
                    return Describe(result);
                }

                if (count != files.Length.ToString(CultureInfo.InvariantCulture) || sum != checksum.ToString(CultureInfo.InvariantCulture))
                {
                    return $"read-once read {count} files, checksum {sum}; in-process: {files.Length}, {checksum}";
                }

                loopSeconds.Add(double.Parse(fields["read_ms"], CultureInfo.InvariantCulture) / 1000);
                firstSeconds.Add(double.Parse(fields["first_ms"], CultureInfo.InvariantCulture) / 1000);
                return null;
            }, null);

            string[] dcmdumpArguments = headers ? ["+F", "-M", .. files] : ["+F", .. files];
            var dcmdumpProblem = dcmdump is null ? "dcmdump not on PATH (apt-get install dcmtk)" : CheckDcmdump(dcmdump, files[0], headers);
            var dcmdumpJob = new ProcessJob(ProcessRuns, dcmdump is null || dcmdumpProblem is not null ? null : () => ProcessRunner.Run(dcmdump, dcmdumpArguments, true), ExitedZero, dcmdumpProblem);

            var pydicomJob = new ProcessJob(PydicomProcessRuns, hasPython ? () => ProcessRunner.Run(Python, [script, Flag(headers), directory, "0", "1"], false) : null,
                result => result.ExitCode == 0 && result.StandardOutput.Contains("pass ", StringComparison.Ordinal) ? null : Describe(result), $"{Python} not found");
            perMode[headers] = (ours, loopSeconds, firstSeconds, dcmdumpJob, pydicomJob);
            jobs.AddRange([ours, dcmdumpJob, pydicomJob]);
        }

        log.WriteLine($"whole processes: cat, Lantern read-once, dcmdump and pydicom, {ProcessRuns} rounds after one untimed ...");
        while (jobs.Any(job => !job.Finished))
        {
            foreach (var job in jobs)
            {
                job.Step();
            }
        }

        rows.Add(new Row(Role.Ceiling, false, "cat", "one process over all files, > /dev/null", catJob.Sample));
        foreach (var headers in new[] { true, false })
        {
            var label = headers ? "(a)" : "(b)";
            var (ours, loopSeconds, firstSeconds, dcmdumpJob, pydicomJob) = perMode[headers];
            var how = headers ? "dcmread(stop_before_pixels)" : "dcmread + pixel_array";
            rows.Add(new Row(Role.OursInProcess, headers, "Lantern", "in-process, steady state", inProcess[headers]));
            rows.Add(new Row(Role.OursProcess, headers, "Lantern", $"read-once {Flag(headers)}, one process", ours.Sample));
            rows.Add(new Row(Role.Dcmdump, headers, "DCMTK", headers ? "dcmdump +F -M, one process" : "dcmdump +F, one process", dcmdumpJob.Sample));
            rows.Add(new Row(Role.PydicomLoop, headers, "pydicom", how + ", in-process loop", pydicomLoops[headers]));
            rows.Add(new Row(Role.PydicomProcess, headers, "pydicom", "the same, one process, 1 pass", pydicomJob.Sample));

            if (ours.Sample.Failure is null && fixedCostJob.Sample.Failure is null)
            {
                var process = ours.Sample.Median;
                var loop = Sample.MedianOf(loopSeconds.Skip(1));
                var first = Sample.MedianOf(firstSeconds.Skip(1));
                notes.Add($"{label} Lantern whole process: {process * 1000:F0} ms = {(process - loop) * 1000:F0} ms start-up and exit "
                    + $"(the same process over 0 files: {fixedCostJob.Sample.Median * 1000:F0} ms) + {loop * 1000:F0} ms in the read loop, "
                    + $"of which {first * 1000:F1} ms until the first file was read; the other {files.Length - 1} files at {(files.Length - 1) / (loop - first):N0} files/s "
                    + $"(in-process steady state: {files.Length / inProcess[headers].Median:N0}).");
            }
        }

        notes.Add($"Load average (1 min) before / after: {loadBefore} / {LoadAverage()} on {Environment.ProcessorCount} cores; anything above ~0.5 means other work shared the machine.");
        Print(Console.Out, rows, notes, files.Length, totalBytes, directory, dcmdump, pythonVersions);
        Console.Out.WriteLine($"Benchmark wall time: {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>Reads every file once so that all tools find the series in the page cache.</summary>
    private static void WarmPageCache(string[] files)
    {
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }

    /// <summary>
    /// Our reader in this process: warm-up passes for at least <see cref="WarmUpTime"/> (long enough
    /// for tiered compilation to finish), then timed passes over all files; also allocation and GCs.
    /// </summary>
    private static (Sample Sample, long Checksum, string Note) MeasureInProcess(string[] files, bool headers)
    {
        var read = LanternRead.For(headers);
        long checksum = 0;
        var warmUp = Stopwatch.StartNew();
        var warmUpPasses = 0;
        while (warmUpPasses < 3 || warmUp.Elapsed < WarmUpTime)
        {
            checksum = 0;
            foreach (var file in files)
            {
                checksum += read(file);
            }

            warmUpPasses++;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var passes = headers ? InProcessTimedPassesHeaders : InProcessTimedPassesFull;
        var seconds = new double[passes];
        var cpuSeconds = new double[passes];
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var pauses = GC.GetTotalPauseDuration();
        for (var pass = 0; pass < passes; pass++)
        {
            var cpuStarted = Environment.CpuUsage.TotalTime;
            var started = Stopwatch.GetTimestamp();
            long sum = 0;
            foreach (var file in files)
            {
                sum += read(file);
            }

            seconds[pass] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            cpuSeconds[pass] = (Environment.CpuUsage.TotalTime - cpuStarted).TotalSeconds;
            if (sum != checksum)
            {
                return (Sample.Failed($"checksum changed between passes ({sum} vs {checksum})"), checksum, "failed");
            }
        }

        var perFile = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(passes * files.Length);
        var pause = GC.GetTotalPauseDuration() - pauses;
        var sample = new Sample(seconds, cpuSeconds);
        var note = $"{warmUpPasses} warm-up passes, median of {passes}; {perFile / 1024:N1} KiB allocated per file; "
            + $"GCs during the timed passes gen0/1/2 = {GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}, "
            + $"pauses {pause.TotalMilliseconds / passes:F1} ms per pass of {sample.Median * 1000:F1} ms.";
        return (sample, checksum, note);
    }

    private static string Flag(bool headers) => headers ? "--headers" : "--full";

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string? ExitedZero(ProcessResult result) => result.ExitCode == 0 ? null : Describe(result);

    private static string Describe(ProcessResult result)
    {
        var error = result.StandardError.Trim();
        var firstLine = error.Split('\n')[0];
        return $"exit code {result.ExitCode}{(firstLine.Length > 0 ? ": " + firstLine : string.Empty)}";
    }

    /// <summary>
    /// One untimed dcmdump of one file, output kept, to show it parsed the data set as far as Pixel
    /// Data (and that it loaded it only in the full mode); null when all is well.
    /// </summary>
    private static string? CheckDcmdump(string dcmdump, string file, bool headers)
    {
        var result = ProcessRunner.Run(dcmdump, headers ? ["+F", "-M", file] : ["+F", file], false);
        if (result.ExitCode != 0)
        {
            return Describe(result);
        }

        var pixelLine = result.StandardOutput.Split('\n').FirstOrDefault(l => l.StartsWith("(7fe0,0010)", StringComparison.Ordinal));
        if (pixelLine is null || !result.StandardOutput.Contains("(0043,1028)", StringComparison.Ordinal))
        {
            return "dcmdump did not list the whole data set";
        }

        var notLoaded = pixelLine.Contains("not loaded", StringComparison.Ordinal);
        return notLoaded == headers ? null : $"dcmdump's Pixel Data line is unexpected: {pixelLine.Trim()}";
    }

    private static Sample ParsePydicomPasses(ProcessResult result, int fileCount)
    {
        if (result.ExitCode != 0)
        {
            return Sample.Failed(Describe(result));
        }

        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts is ["pass", var count, var time, var cpu, _])
            {
                if (count != fileCount.ToString(CultureInfo.InvariantCulture))
                {
                    return Sample.Failed($"pydicom read {count} files, not {fileCount}");
                }

                seconds.Add(double.Parse(time, CultureInfo.InvariantCulture));
                cpuSeconds.Add(double.Parse(cpu, CultureInfo.InvariantCulture));
            }
        }

        return seconds.Count > 0 ? new Sample([.. seconds], [.. cpuSeconds]) : Sample.Failed("the pydicom script printed no pass");
    }

    private static Dictionary<string, string> ParseFields(string output)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[part[..equals]] = part[(equals + 1)..];
            }
        }

        return fields;
    }

    private static void Print(TextWriter output, List<Row> rows, List<string> notes, int fileCount, long totalBytes, string directory, string? dcmdump, string? pythonVersions)
    {
        var megabytes = totalBytes / 1e6;
        output.WriteLine();
        output.WriteLine($"Lantern read benchmark: {fileCount} files, {megabytes:F1} MB ({CtSeries.Size}x{CtSeries.Size} 16-bit CT, Explicit VR Little Endian) in {directory}, in the page cache");
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB; "
            + $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; {RuntimeInformation.OSDescription}");
        output.WriteLine($"Tools: {(dcmdump is null ? "dcmdump missing" : DcmdumpVersion(dcmdump))}; {(pythonVersions is null ? "pydicom missing" : pythonVersions)} ({Python})");
        output.WriteLine();

        string[] header = ["Tool", "Mode", "How", "files/s", "MB/s", "files/CPU-s", "runs", "ours/DCMTK", "ours/pydicom"];
        var table = new List<string[]> { header };
        foreach (var row in rows)
        {
            var mode = row.Role == Role.Ceiling ? "whole files" : row.Headers ? "(a) headers" : "(b) full";
            var runs = row.Sample.Failure is null ? $"med {row.Sample.Seconds.Length}, ±{row.Sample.SpreadPercent / 2:F0}%" : string.Empty;
            if (row.Sample.Failure is { } failure)
            {
                table.Add([row.Tool, mode, row.How, "n/a", "n/a", "n/a", failure, string.Empty, string.Empty]);
                continue;
            }

            var seconds = row.Sample.Median;
            var (versusDcmtk, versusPydicom) = row.Role switch
            {
                Role.OursInProcess => (Ratio(seconds, Find(rows, Role.Dcmdump, row.Headers)), Ratio(seconds, Find(rows, Role.PydicomLoop, row.Headers))),
                Role.OursProcess => (Ratio(seconds, Find(rows, Role.Dcmdump, row.Headers)), Ratio(seconds, Find(rows, Role.PydicomProcess, row.Headers))),
                _ => (string.Empty, string.Empty),
            };
            var perCpuSecond = row.Sample.CpuMedian is { } cpu ? $"{fileCount / cpu:N0}" : "n/a";
            table.Add([row.Tool, mode, row.How, $"{fileCount / seconds:N0}", $"{megabytes / seconds:N0}", perCpuSecond, runs, versusDcmtk, versusPydicom]);
        }

        var widths = Enumerable.Range(0, header.Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var numeric = new[] { false, false, false, true, true, true, false, true, true };
        foreach (var (line, index) in table.Select((line, index) => (line, index)))
        {
            var cells = line.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
            if (index == 0)
            {
                output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        output.WriteLine();
        output.WriteLine("files/s and MB/s: median over the runs, wall clock; MB/s counts the whole files (MB = 10^6 bytes) whatever part a mode reads.");
        output.WriteLine("files/CPU-s: the same per second of CPU time (user + system, all threads; for whole processes, the child's getrusage) -");
        output.WriteLine("  steadier than wall time when other work shares the machine. In-process rows count background JIT and GC threads too.");
        output.WriteLine("ours/DCMTK: Lantern's row against dcmdump in the same mode (dcmdump only exists as a whole process).");
        output.WriteLine("ours/pydicom: in-process row against pydicom's in-process loop; whole-process row against pydicom as a whole process.");
        output.WriteLine($"±: half the spread (slowest - fastest) over the median. Whole processes: one untimed run first, then timed from start to exit.");
        foreach (var note in notes)
        {
            output.WriteLine(note);
        }

        foreach (var headers in new[] { true, false })
        {
            var dcmtk = Find(rows, Role.Dcmdump, headers);
            var inProcess = Find(rows, Role.OursInProcess, headers);
            var process = Find(rows, Role.OursProcess, headers);
            if (dcmtk is { } d && inProcess is { } i && process is { } p)
            {
                var cpu = FindCpu(rows, Role.Dcmdump, headers) is { } dc && FindCpu(rows, Role.OursInProcess, headers) is { } ic && FindCpu(rows, Role.OursProcess, headers) is { } pc
                    ? $" By CPU time: in-process {dc / ic:F2}x, whole process {dc / pc:F2}x."
                    : string.Empty;
                output.WriteLine($"Goal ours >= 2x dcmdump, {(headers ? "(a) headers" : "(b) full")}: in-process {d / i:F2}x {(d / i >= 2 ? "met" : "NOT met")}, "
                    + $"whole process {d / p:F2}x {(d / p >= 2 ? "met" : "NOT met")}.{cpu}");
            }
        }
    }

    private static double? Find(List<Row> rows, Role role, bool headers) =>
        rows.FirstOrDefault(r => r.Role == role && r.Headers == headers && r.Sample.Failure is null)?.Sample.Median;

    private static double? FindCpu(List<Row> rows, Role role, bool headers) =>
        rows.FirstOrDefault(r => r.Role == role && r.Headers == headers && r.Sample.Failure is null)?.Sample.CpuMedian;

    private static string Ratio(double ours, double? theirs) => theirs is { } t ? $"{t / ours:F2}x" : "n/a";

    private static string CpuModel()
    {
        const string Key = "model name";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string DcmdumpVersion(string dcmdump)
    {
        var result = ProcessRunner.Run(dcmdump, ["--version"], false);
        var line = result.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains("dcmdump", StringComparison.Ordinal)) ?? "dcmdump";
        return line.Replace("$dcmtk:", string.Empty, StringComparison.Ordinal).Trim(' ', '$');
    }
}
