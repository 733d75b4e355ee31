using System.Diagnostics;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Microsoft.Win32.SafeHandles;

namespace Lantern.Benchmarks;

/// <summary>
/// The <c>profile</c> mode: splits one in-process read into its parts (opening files, copying bytes
/// from the page cache, parsing from memory, allocating) so that the reader's owner can see where the
/// time goes. Each line: median microseconds per file over timed passes, and bytes allocated per file.
/// </summary>
internal static class Profile
{
    private const int Passes = 15;
    private static byte[] s_keep = [];
    private static readonly DicomReadOptions HeadersOnly = new() { StopBeforePixelData = true };

    public static int Run(string[] args)
    {
        var directory = CtSeries.DefaultDirectory;
        string? loop = null;
        var seconds = 10.0;
        if (args is ["--cold", .. var coldArgs])
        {
            return Cold(coldArgs is ["--dir", var coldDirectory] ? Path.GetFullPath(coldDirectory) : directory);
        }

        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--dir":
                    directory = Path.GetFullPath(args[i + 1]);
                    break;
                case "--loop":
                    loop = args[i + 1];
                    break;
                case "--seconds":
                    seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'");
                    return 2;
            }
        }

        var files = CtSeries.Ensure(directory, regenerate: false, Console.Error);
        if (loop is not null)
        {
            return Loop(files, loop == "headers", TimeSpan.FromSeconds(seconds));
        }

        var contents = files.Select(File.ReadAllBytes).ToArray();
        var output = Console.Out;
        output.WriteLine($"{files.Length} files in {directory}; per file: median µs over {Passes} passes after warm-up, KiB allocated");

        var sample = DicomFile.Open(files[0], HeadersOnly).Dataset;
        var privateCount = sample.Count(e => e.Tag.IsPrivate && e.Tag.Element >= 0x1000);
        output.WriteLine($"headers: {sample.Count} top-level elements before Pixel Data, {privateCount} private data elements, {contents[0].Length - (CtSeries.Size * CtSeries.Size * 2)} header bytes");

        // Tier every reader method up before timing anything: a part measured while its code is still
        // at tier 0 would look several times slower than it is.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.Elapsed < TimeSpan.FromSeconds(3); i++)
        {
            _ = LanternRead.Headers(files[i % files.Length]) + LanternRead.Full(files[i % files.Length]);
            _ = DicomFile.Read(new MemoryStream(contents[i % contents.Length], writable: false), HeadersOnly).Dataset.Count;
            _ = DicomFile.Read(new MemoryStream(contents[i % contents.Length], writable: false)).Dataset.Count;
        }

        var buffer = new byte[64 * 1024];
        var whole = new byte[contents[0].Length + 4096];

        Measure(output, "open + close only (File.OpenHandle)", files, path =>
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return 1;
        });
        Measure(output, "open + close (FileStream as DicomFile.Open)", files, path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            return stream.Length;
        });
        Measure(output, "Path.GetFullPath (DicomFile.Open calls it)", files, path => Path.GetFullPath(path).Length);
        Measure(output, "FileStream open + read 16 KiB + close", files, path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            return stream.Read(buffer, 0, 16 * 1024);
        });
        Measure(output, "RandomAccess read whole file into one reused array", files, path =>
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long total = 0;
            int read;
            while ((read = RandomAccess.Read(handle, whole.AsSpan((int)total), total)) > 0)
            {
                total += read;
            }

            return total;
        });
        Measure(output, "File.ReadAllBytes (a new 512 KiB array per file)", files, path => File.ReadAllBytes(path).Length);
        Measure(output, "GC.AllocateUninitializedArray 512 KiB only", files, _ => (s_keep = GC.AllocateUninitializedArray<byte>(CtSeries.Size * CtSeries.Size * 2)).Length);
        Measure(output, "new byte[512 KiB] only (zeroed)", files, _ => (s_keep = new byte[CtSeries.Size * CtSeries.Size * 2]).Length);

        var index = 0;
        Measure(output, "parse headers from memory (MemoryStream)", files, _ =>
        {
            var bytes = contents[index++ % contents.Length];
            return DicomFile.Read(new MemoryStream(bytes, writable: false), HeadersOnly).Dataset.Count;
        });
        Measure(output, "parse all from memory (MemoryStream)", files, _ =>
        {
            var bytes = contents[index++ % contents.Length];
            return DicomFile.Read(new MemoryStream(bytes, writable: false)).Dataset.Count;
        });
        Measure(output, "DicomFile.Open headers (benchmark mode a)", files, LanternRead.Headers);
        Measure(output, "DicomFile.Open full (benchmark mode b)", files, LanternRead.Full);

        var dataset = DicomFile.Open(files[0], HeadersOnly).Dataset;
        var privateTags = dataset.Where(e => e.Tag.IsPrivate && e.Tag.Element >= 0x1000).Select(e => e.Tag).ToArray();
        Measure(output, $"GetPrivateCreator x{privateTags.Length} (what the reader calls per private element)", files, _ =>
        {
            long sum = 0;
            foreach (var tag in privateTags)
            {
                sum += dataset.GetPrivateCreator(tag)?.Length ?? 0;
            }

            return sum;
        });
        Measure(output, "DicomDataset.CharacterSet (ISO_IR 100)", files, _ => dataset.CharacterSet.GetHashCode());
        WhatIf(output, directory);
        return 0;
    }

    /// <summary>
    /// The same reads under other runtime settings, each in a child process started with them:
    /// what an application could change without touching the reader.
    /// </summary>
    private static void WhatIf(TextWriter output, string directory)
    {
        var (self, prefix) = ProcessRunner.Self();
        (string Name, Dictionary<string, string> Environment)[] settings =
        [
            ("defaults", []),
            ("GC LOH threshold 1 MiB (pixel buffers in gen0)", new() { ["DOTNET_GCLOHThreshold"] = "0x100000" }),
            ("server GC", new() { ["DOTNET_gcServer"] = "1" }),
            ("GC RetainVM", new() { ["DOTNET_GCRetainVM"] = "1" }),
            ("no tiered PGO", new() { ["DOTNET_TieredPGO"] = "0" }),
        ];
        output.WriteLine();
        output.WriteLine("What if (child processes; whole process = medians of 5 read-once runs over all files after one untimed: wall ms / CPU ms):");
        foreach (var (name, environment) in settings)
        {
            var loop = ProcessRunner.Run(self, [.. prefix, "profile", "--dir", directory, "--loop", "full", "--seconds", "3"], false, environment);
            var processes = new List<ProcessResult>();
            for (var run = 0; run <= 5; run++)
            {
                foreach (var mode in new[] { "--headers", "--full" })
                {
                    var result = ProcessRunner.Run(self, [.. prefix, "read-once", mode, directory], false, environment);
                    if (run > 0)
                    {
                        processes.Add(result);
                    }
                }
            }

            string Describe(int parity)
            {
                var runs = processes.Where((_, i) => i % 2 == parity).ToArray();
                var wall = Sample.MedianOf(runs.Select(r => r.Elapsed.TotalMilliseconds));
                var cpu = runs.All(r => r.CpuTime is not null) ? Sample.MedianOf(runs.Select(r => r.CpuTime!.Value.TotalMilliseconds)).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "?";
                return $"{wall:F0} / {cpu} ms";
            }

            output.WriteLine($"  {name}: in-process {loop.StandardOutput.Trim()}");
            output.WriteLine($"  {new string(' ', name.Length)}  whole process: headers {Describe(0)}, full {Describe(1)}");
        }
    }

    /// <summary>
    /// The first calls in a fresh process, step by step: what a short-lived process (a CLI, a
    /// worker) pays before its first file is read. Must run first thing in the process.
    /// </summary>
    private static int Cold(string directory)
    {
        var started = Stopwatch.GetTimestamp();
        var last = started;
        var output = Console.Out;
        void Step(string what)
        {
            var now = Stopwatch.GetTimestamp();
            output.WriteLine($"{Stopwatch.GetElapsedTime(last, now).TotalMilliseconds,8:F2} ms  {what}");
            last = Stopwatch.GetTimestamp();
        }

        output.WriteLine($"{(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds,8:F0} ms  from process start to the first line of this mode");
        last = Stopwatch.GetTimestamp();
        var files = CtSeries.ListFiles(directory);
        Step("list the directory");
        using (var stream = new FileStream(files[0], FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan))
        {
            stream.ReadExactly(new byte[16 * 1024]);
        }

        Step("first FileStream open + read 16 KiB + close");
        _ = DicomVR.TryParse((byte)'O', (byte)'B', out var vr) && vr.IsBulk;
        Step("first DicomVR use (its static tables)");
        _ = new DicomDataset().Count + DicomTag.PatientName.Group;
        Step("first DicomDataset and DicomTag");
        _ = Lantern.Dicom.IO.CharacterSets.DicomCharacterSet.Default.Terms.Count;
        Step("first DicomCharacterSet.Default (its static tables)");
        var latin1 = Lantern.Dicom.IO.CharacterSets.DicomCharacterSet.FromTerms(["ISO_IR 100"]);
        Step("first DicomCharacterSet.FromTerms(ISO_IR 100)");
        _ = latin1.Decode([0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72], DicomVR.PN);
        Step("first Decode with it");
        _ = LanternRead.Headers(files[0]);
        Step("DicomFile.Open headers, file 1");
        _ = LanternRead.Headers(files[1]);
        Step("DicomFile.Open headers, file 2");
        for (var i = 2; i < 12; i++)
        {
            _ = LanternRead.Headers(files[i]);
        }

        Step("DicomFile.Open headers, files 3-12 (10 files)");
        _ = LanternRead.Full(files[12]);
        Step("DicomFile.Open full, first");
        _ = LanternRead.Full(files[13]);
        Step("DicomFile.Open full, second");
        output.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalMilliseconds,8:F2} ms  total; process start to here: {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms");
        return 0;
    }

    /// <summary>
    /// Only our reader, over and over for <paramref name="duration"/>: a steady target for
    /// <c>perf record</c> (run with DOTNET_PerfMapEnabled=1). Prints files/s and allocation per file.
    /// </summary>
    private static int Loop(string[] files, bool headers, TimeSpan duration)
    {
        var read = LanternRead.For(headers);
        var started = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Environment.CpuUsage.TotalTime;
        long count = 0, sink = 0;
        while (started.Elapsed < duration)
        {
            foreach (var file in files)
            {
                sink += read(file);
            }

            count += files.Length;
        }

        var elapsed = started.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        Console.WriteLine($"{(headers ? "headers" : "full")}: {count / elapsed:N0} files/s wall, {count / cpuSeconds:N0} files per CPU-second, "
            + $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count / 1024:N1} KiB allocated per file, "
            + $"GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (checksum {sink})");
        return 0;
    }

    private static void Measure(TextWriter output, string what, string[] files, Func<string, long> action)
    {
        long sink = 0;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(0.5))
        {
            foreach (var file in files)
            {
                sink += action(file);
            }
        }

        var perFile = new double[Passes];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var pass = 0; pass < Passes; pass++)
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var file in files)
            {
                sink += action(file);
            }

            perFile[pass] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / files.Length;
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(Passes * files.Length);
        Array.Sort(perFile);
        output.WriteLine($"{perFile[Passes / 2],9:F1} µs {bytes / 1024,9:F1} KiB  {what}{(sink == long.MinValue ? "!" : string.Empty)}");
    }
}
