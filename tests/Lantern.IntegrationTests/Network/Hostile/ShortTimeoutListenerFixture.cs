namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// <c>lantern listen --artim-timeout 5 --idle-timeout 1</c>: timeouts short enough for a test to wait for.
/// ARTIM is the longer because the tests that associate must get their A-ASSOCIATE-RQ in before it
/// runs out, and on a loaded shared machine a test's send can lag its connect by more than a second;
/// the idle timer has no such race, a late send only meets the same abort sooner.
/// </summary>
public sealed class ShortTimeoutListenerFixture : IAsyncLifetime, IDisposable
{
    private ListenerHost? _host;

    internal ListenerHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _host = await ListenerHost.StartAsync(["--artim-timeout", "5", "--idle-timeout", "1"]);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _host?.Dispose();
}
