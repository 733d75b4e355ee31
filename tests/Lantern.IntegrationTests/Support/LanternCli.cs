namespace Lantern.IntegrationTests.Support;

/// <summary>
/// The <c>lantern</c> executable as a peer: <c>dotnet lantern.dll ARGS</c> from this test project's
/// output (the project reference to Lantern.Node copies it there), so that it is always the build
/// under test. For <c>lantern listen</c> use <see cref="Start"/> and wait for its port with
/// <see cref="ListeningPort.WaitAsync"/>; for commands that finish, <see cref="RunAsync"/>.
/// </summary>
internal static class LanternCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "lantern.dll");

    /// <summary>Starts <c>lantern ARGS</c>; the caller disposes it (which kills it).</summary>
    public static PeerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        PeerProcess.Start(DotnetHost(), [AssemblyPath, .. arguments], environment);

    /// <summary>Runs <c>lantern ARGS</c> to the end.</summary>
    public static Task<ToolResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        PeerProcess.RunAsync(DotnetHost(), [AssemblyPath, .. arguments], timeout ?? DefaultTimeout, cancellationToken: cancellationToken);

    /// <summary>The <c>dotnet</c> that runs the tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
