using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// A peer or tool running as a child process: standard output and standard error captured as they
/// come (readable while it runs, for failure messages), standard input closed, and the whole process
/// tree killed on <see cref="Dispose"/>. Every child gets <c>TCP_NODELAY=1</c>: DCMTK's tools (and
/// Orthanc, built on DCMTK) leave Nagle's algorithm on without it, which costs about 45 ms per
/// instance on loopback; with it they run at their best.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly StringBuilder _standardError = new();
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly long _started;
    private bool _disposed;

    private PeerProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>The program and its arguments (the first dozen), as one line for messages.</summary>
    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _standardOutput.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _standardError.ToString();
            }
        }
    }

    /// <summary>Both streams so far, interleaved in the order the lines arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> (a path, or a name looked up on PATH) with
    /// <paramref name="arguments"/>; <paramref name="environment"/> adds to or overrides the
    /// inherited environment (after <c>TCP_NODELAY=1</c>, so a test may set it to 0).
    /// </summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TCP_NODELAY"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var commandLine = DescribeCommand(fileName, info.ArgumentList);
        var process = new Process { StartInfo = info };
        var peer = new PeerProcess(process, commandLine);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data, isError: true);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start `{commandLine}`: {e.Message}. ./test.sh installs the peers (dcmtk, orthanc).", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Starts <paramref name="fileName"/>, waits for it to exit and returns its result.</summary>
    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        using var process = Start(fileName, arguments, environment);
        var exitCode = await process.WaitForExitAsync(timeout, cancellationToken);
        return process.ToResult(exitCode);
    }

    /// <summary>
    /// Waits until the process has exited and its output has been read to the end, and returns its
    /// exit code; past <paramref name="timeout"/> it kills the process and throws a
    /// <see cref="TimeoutException"/> that carries the output.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw new TimeoutException($"`{CommandLine}` did not exit within {timeout.TotalSeconds:F0} s; killed it. Its output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Returns once a line with <paramref name="text"/> has appeared in either stream (at once when
    /// one already has); throws with the output so far when the process exits first or
    /// <paramref name="timeout"/> passes. DCMTK writes its log (<c>-v</c>) to standard error, unbuffered.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        try
        {
            var exited = _process.WaitForExitAsync(cancellationToken);
            await Task.WhenAny(seen.Task, exited).WaitAsync(timeout, cancellationToken);
            if (!seen.Task.IsCompleted)
            {
                throw new InvalidOperationException($"`{CommandLine}` exited with {_process.ExitCode} before writing \"{text}\". Its output:\n{Output}");
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"`{CommandLine}` did not write \"{text}\" within {timeout.TotalSeconds:F0} s. Its output:\n{Output}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(waiter => waiter.Seen == seen);
            }
        }
    }

    /// <summary>This process's result (call after it has exited and its output has been read: <see cref="WaitForExitAsync"/>).</summary>
    public ToolResult ToResult(int exitCode) => new(CommandLine, exitCode, StandardOutput, StandardError, Output, Elapsed);

    /// <summary>Kills the process and every process it started; nothing happens when it has exited.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited (or was never started) in the meantime.
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    /// <summary>The command as one line; past a dozen arguments (storescu with a series) the rest are counted, not listed.</summary>
    private static string DescribeCommand(string fileName, System.Collections.ObjectModel.Collection<string> arguments)
    {
        const int Shown = 12;
        var line = string.Join(' ', arguments.Take(Shown).Prepend(fileName));
        return arguments.Count > Shown ? $"{line} ... (+{arguments.Count - Shown} arguments)" : line;
    }

    private void Append(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            (isError ? _standardError : _standardOutput).Append(line).Append('\n');
            _output.Append(line).Append('\n');
            foreach (var (text, seen) in _waiters)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }
}
