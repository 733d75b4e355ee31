namespace Lantern.IntegrationTests.Support;

/// <summary>
/// A finished tool run: what was run, how it ended, what it wrote (each stream, and both interleaved
/// in <see cref="Output"/> in the order the lines arrived).
/// </summary>
internal sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything a failed assertion needs: the command, its exit code and its output.</summary>
    public override string ToString() =>
        $"`{CommandLine}` exited with {ExitCode} after {Elapsed.TotalSeconds:F2} s. Its output:\n{Output}";
}
