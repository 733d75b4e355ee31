using System.Diagnostics;

namespace Lantern.Benchmarks;

/// <summary>One finished child process: wall time from before start to after exit, status and output.</summary>
internal sealed record ProcessResult(TimeSpan Elapsed, int ExitCode, string StandardOutput, string StandardError);

/// <summary>Starts tools as whole processes and times them from the outside, the same way for every tool.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> once. With <paramref name="discardOutput"/> its standard output
    /// goes to /dev/null through <c>sh -c 'exec "$0" "$@" &gt; /dev/null'</c> (the shell replaces itself:
    /// about a millisecond); otherwise it is captured. Standard error is always captured.
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, bool discardOutput)
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

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = discardOutput ? string.Empty : process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new ProcessResult(elapsed, process.ExitCode, standardOutput, standardError.GetAwaiter().GetResult());
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
}
