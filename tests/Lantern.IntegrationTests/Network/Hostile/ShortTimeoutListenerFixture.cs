namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary><c>lantern listen --artim-timeout 1 --idle-timeout 1</c>: timeouts short enough for a test to wait for.</summary>
public sealed class ShortTimeoutListenerFixture : IAsyncLifetime, IDisposable
{
    private ListenerHost? _host;

    internal ListenerHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _host = await ListenerHost.StartAsync(["--artim-timeout", "1", "--idle-timeout", "1"]);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _host?.Dispose();
}
