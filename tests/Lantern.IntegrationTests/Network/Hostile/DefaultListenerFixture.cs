namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary><c>lantern listen</c> as shipped: default ARTIM (30 s) and idle (5 min) timeouts, which no test here waits for.</summary>
public sealed class DefaultListenerFixture : IAsyncLifetime, IDisposable
{
    private ListenerHost? _host;

    internal ListenerHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _host = await ListenerHost.StartAsync([]);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _host?.Dispose();
}
