using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Buffers;
using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Scp;

namespace Lantern.Benchmarks;

/// <summary>
/// The same 300-slice CT series sent by the same DCMTK storescu command, in one run, to DCMTK
/// storescp --ignore (stores nothing: the sender's own limit), to DCMTK storescp (no fsync: its
/// best case), to Orthanc (its default fsync) and to `lantern listen`
/// (fsync and rename before each success status): median instances/s and MB/s over several runs,
/// one association and four, with each receiver's peak resident memory. All peers run with
/// TCP_NODELAY=1, their best (DCMTK leaves Nagle on otherwise). Each receiver is warmed with 900
/// other instances before the timed send, as a service that has been running would be, and the page
/// cache is flushed between the two.
/// </summary>
internal static class NetworkBenchmark
{
    private const int Runs = 3;
    private const int WarmUpInstances = 900;
    private static readonly TimeSpan WarmUpPause = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, string> NoDelay = new() { ["TCP_NODELAY"] = "1" };

    public static int Run(string[] args)
    {
        var files = CtSeries.Ensure(CtSeries.DefaultDirectory, regenerate: false, Console.Out);
        var megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
        var root = Repository.Root();
        Console.WriteLine($"Network benchmark: {files.Length} files, {megabytes:0.0} MB, sent by storescu over loopback; median of {Runs} runs");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; {RuntimeDescription()}");
        Console.WriteLine();

        // storescp --ignore receives every instance and stores nothing: what the sender alone allows.
        var receivers = new (string Key, string Name, bool Stores, Func<string, int, Receiver> Start)[]
        {
            ("ignore", "DCMTK storescp --ignore (no store)", false, (_, port) => StartStorescp(["--ignore"], port)),
            ("storescp", "DCMTK storescp -od (no fsync)", true, (dir, port) => StartStorescp(["-od", dir], port)),
            ("orthanc", "Orthanc (default fsync)", true, (dir, port) => StartOrthanc(dir, port)),
            ("lantern", "lantern listen (fsync + rename)", true, (dir, port) => Receiver.Start(Path.Combine(root, "lantern"), ["listen", "--port", port.ToString(CultureInfo.InvariantCulture), "--aet", "BENCH", "--out", dir], port)),
        };

        // Warm-up instances carry their own UIDs, so the timed send never finds its instances stored already.
        var warmUpDirectory = Directory.CreateTempSubdirectory("lantern-net-warmup-").FullName;
        var warmUp = CtSeries.Write(warmUpDirectory, WarmUpInstances, TransferSyntax.ExplicitVRLittleEndian, uniqueUids: true);

        var rows = new List<(string Key, string Name, int Associations, double FilesPerSecond, double PeakMegabytes)>();
        foreach (var (key, name, stores, start) in receivers)
        {
            foreach (var associations in new[] { 1, 4 })
            {
                var rates = new List<double>();
                double peak = 0;
                for (var run = 0; run <= Runs; run++)
                {
                    var directory = Directory.CreateTempSubdirectory("lantern-net-bench-").FullName;
                    var port = FreePort();
                    using var receiver = start(directory, port);

                    // A receiver is a long-running service: time it warm. A .NET receiver compiles its hot
                    // code again, optimised, in the background: by hand, lantern listen's CPU per instance
                    // settled only after 750-1,050 instances. Four associations make the warm-up quicker.
                    // Then sync: a receiver that does not fsync (storescp) would otherwise meet the kernel's
                    // dirty-page throttling in the timed send, paying for the warm-up's writes.
                    Send(warmUp, port, 4);
                    ProcessRunner.Run("sync", [], discardOutput: true);
                    Thread.Sleep(WarmUpPause);
                    var seconds = Send(files, port, associations);
                    peak = Math.Max(peak, receiver.PeakResidentMegabytes());
                    var stored = stores ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count(p => !p.Contains("/.", StringComparison.Ordinal) && !p.EndsWith(".json", StringComparison.Ordinal) && !p.Contains("index", StringComparison.OrdinalIgnoreCase)) : files.Length;
                    receiver.Dispose();
                    Directory.Delete(directory, recursive: true);
                    if (run > 0)
                    {
                        rates.Add(files.Length / seconds);
                    }

                    if (stored < files.Length)
                    {
                        Console.Error.WriteLine($"warning: {name} stored {stored} of {files.Length} files in run {run}");
                    }
                }

                rows.Add((key, name, associations, Sample.MedianOf(rates), peak));
            }
        }

        Directory.Delete(warmUpDirectory, recursive: true);
        Console.WriteLine($"{"Receiver",-34} {"assoc",5} {"inst/s",8} {"MB/s",7} {"peak RSS",9}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Name,-34} {row.Associations,5} {row.FilesPerSecond,8:N0} {row.FilesPerSecond * megabytes / files.Length,7:N0} {row.PeakMegabytes,7:N0} MB");
        }

        double Rate(string key, int associations) => rows.First(r => r.Key == key && r.Associations == associations).FilesPerSecond;
        Console.WriteLine();
        Console.WriteLine($"lantern / storescp, 1 association: {Rate("lantern", 1) / Rate("storescp", 1):0.00}x   (goal >= 1.0)");
        Console.WriteLine($"lantern / Orthanc,  1 association: {Rate("lantern", 1) / Rate("orthanc", 1):0.00}x   (goal >= 5)");
        Console.WriteLine($"lantern 4 associations / 1:        {Rate("lantern", 4) / Rate("lantern", 1):0.00}x   (goal >= 1.5)");

        // With one association the sender waits for each status, so the disk's flush time adds to every
        // instance on top of the sender's own time, which storescp --ignore measures.
        var (durable, plain) = DiskAlone(files);
        var durabilityMs = 1000 / durable - 1000 / plain;
        var ceiling = 1000 / (1000 / Rate("ignore", 1) + durabilityMs);
        Console.WriteLine();
        Console.WriteLine($"Disk alone, same files, no network: durable store (write, fsync, rename, folder fsync) {durable:N0} files/s; write + rename {plain:N0} files/s.");
        Console.WriteLine($"Durability costs {durabilityMs:0.00} ms per instance here. The sender alone (storescp --ignore) plus that: {ceiling:N0} inst/s,");
        Console.WriteLine($"the most a receiver that is durable before each status could reach with one association here:");
        Console.WriteLine($"{ceiling / Rate("storescp", 1):0.00}x storescp and {ceiling / Rate("orthanc", 1):0.00}x Orthanc. lantern reached {Rate("lantern", 1) / ceiling:0.00}x of it.");
        return 0;
    }

    /// <summary>
    /// Files per second for storing <paramref name="files"/> from memory through the receiver's own
    /// durable path (<see cref="IncomingInstanceFile"/>), and with a plain write and rename as storescp
    /// does; median of the runs.
    /// </summary>
    private static (double Durable, double Plain) DiskAlone(string[] files)
    {
        var contents = files.Select(File.ReadAllBytes).ToArray();
        var durable = new List<double>();
        var plain = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            var directory = Directory.CreateTempSubdirectory("lantern-disk-bench-").FullName;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < contents.Length; i++)
            {
                using var file = IncomingInstanceFile.Begin(directory, DicomUid.CTImageStorage.Value, $"1.2.3.{i}", TransferSyntax.ExplicitVRLittleEndian, "BENCH");
                file.Append(new ReadOnlySequence<byte>(contents[i]));
                file.Commit($"{i}.dcm");
            }

            var durableSeconds = clock.Elapsed.TotalSeconds;
            var partial = Path.Combine(directory, "plain.partial");
            clock.Restart();
            for (var i = 0; i < contents.Length; i++)
            {
                File.WriteAllBytes(partial, contents[i]);
                File.Move(partial, Path.Combine(directory, $"plain{i}.dcm"));
            }

            var plainSeconds = clock.Elapsed.TotalSeconds;
            Directory.Delete(directory, recursive: true);
            if (run > 0)
            {
                durable.Add(contents.Length / durableSeconds);
                plain.Add(contents.Length / plainSeconds);
            }
        }

        return (Sample.MedianOf(durable), Sample.MedianOf(plain));
    }

    /// <summary>Seconds for storescu to send every file, split over <paramref name="associations"/> processes.</summary>
    private static double Send(string[] files, int port, int associations)
    {
        var clock = Stopwatch.StartNew();
        var lanes = Enumerable.Range(0, associations).Select(lane => Task.Run(() =>
        {
            string[] arguments = ["-aec", "BENCH", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files.Where((_, i) => i % associations == lane)];
            var result = ProcessRunner.Run("storescu", arguments, discardOutput: true, NoDelay);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"storescu failed ({result.ExitCode}): {result.StandardError}");
            }
        })).ToArray();
        Task.WaitAll(lanes);
        return clock.Elapsed.TotalSeconds;
    }

    private static Receiver StartStorescp(string[] options, int port) =>
        Receiver.Start("storescp", [.. options, "-aet", "BENCH", port.ToString(CultureInfo.InvariantCulture)], port);

    private static Receiver StartOrthanc(string directory, int port)
    {
        var httpPort = FreePort();
        var config = Path.Combine(directory, "orthanc.json");
        File.WriteAllText(config, $$"""
            {
              "Name": "bench", "StorageDirectory": "{{directory}}/storage", "IndexDirectory": "{{directory}}/index",
              "DicomAet": "BENCH", "DicomPort": {{port}}, "HttpPort": {{httpPort}},
              "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomAlwaysAllowStore": true,
              "DicomCheckCalledAet": false, "DicomModalities": {}
            }
            """);
        return Receiver.Start("Orthanc", [config], port);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    /// <summary>A receiving process: started, waited for until it accepts connections, killed at the end.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly Process _process;
        private bool _disposed;

        private Receiver(Process process) => _process = process;

        public static Receiver Start(string fileName, string[] arguments, int port)
        {
            var info = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["TCP_NODELAY"] = "1";
            var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(120) && !process.HasExited)
                {
                    Thread.Sleep(50);
                }
            }

            return new Receiver(process);
        }

        /// <summary>VmHWM of the receiver (the process itself: ./lantern execs into the CLI).</summary>
        public double PeakResidentMegabytes()
        {
            var status = File.ReadAllLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return status is null ? 0 : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
