using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lantern.Benchmarks;

/// <summary>
/// One finished child process: wall time from before start to after exit, CPU time (user + system,
/// the child and anything it waited for) when the platform reports it, status and output.
/// </summary>
internal sealed record ProcessResult(TimeSpan Elapsed, TimeSpan? CpuTime, int ExitCode, string StandardOutput, string StandardError);

/// <summary>Starts tools as whole processes and times them from the outside, the same way for every tool.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> once. With <paramref name="discardOutput"/> its standard output
    /// goes to /dev/null through <c>sh -c 'exec "$0" "$@" &gt; /dev/null'</c> (the shell replaces itself:
    /// about a millisecond); otherwise it is captured. Standard error is always captured.
    /// <paramref name="environment"/> adds or overrides variables for the child.
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, bool discardOutput, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = discardOutput ? "/bin/sh" : fileName,
            UseShellExecute = false,
            RedirectStandardOutput = !discardOutput,
            RedirectStandardError = true,
        };
        if (discardOutput)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec \"$0\" \"$@\" > /dev/null");
            info.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        // Children are reaped one at a time here, so the growth of RUSAGE_CHILDREN is this child's.
        var cpuBefore = ChildrenCpuTime();
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = discardOutput ? string.Empty : process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuAfter = ChildrenCpuTime();
        var cpu = cpuBefore is { } before && cpuAfter is { } after ? after - before : (TimeSpan?)null;
        return new ProcessResult(elapsed, cpu, process.ExitCode, standardOutput, standardError.GetAwaiter().GetResult());
    }

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (directory.Length == 0)
            {
                continue;
            }

            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// How to start this benchmark again as a child: the apphost itself (<c>dotnet run</c>, or the
    /// built executable), or <c>dotnet Lantern.Benchmarks.dll</c> when it was started that way.
    /// </summary>
    public static (string FileName, string[] Prefix) Self()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var assembly = Path.Combine(AppContext.BaseDirectory, typeof(ProcessRunner).Assembly.GetName().Name + ".dll");
            return (processPath, [assembly]);
        }

        return (processPath, []);
    }

    /// <summary>User + system time of all reaped children of this process (getrusage); null off Linux.</summary>
    private static TimeSpan? ChildrenCpuTime()
    {
        if (!OperatingSystem.IsLinux() || NativeMethods.getrusage(NativeMethods.RusageChildren, out var usage) != 0)
        {
            return null;
        }

        var microseconds = ((usage.UserSeconds + usage.SystemSeconds) * 1_000_000) + usage.UserMicroseconds + usage.SystemMicroseconds;
        return TimeSpan.FromMicroseconds(microseconds);
    }
}

internal static class NativeMethods
{
    public const int RusageChildren = -1;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for the out struct.
    public static extern int getrusage(int who, out Rusage usage);
#pragma warning restore SYSLIB1054

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResidentSet;
        public long SharedMemory;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlockInputs;
        public long BlockOutputs;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }
}
