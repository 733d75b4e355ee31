using System.Net;
using System.Security.Authentication;
using System.Net.Sockets;
using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lantern.Dicom.Network.Scp;

/// <summary>
/// A DICOM SCP: accepts associations on a TCP port (optionally DICOM TLS) and serves C-ECHO and
/// C-STORE on each until it is released, aborted or the server stops. One broken peer never
/// affects another association.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly AssociationOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly DicomServerTls? _tls;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _associations = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private int _active;

    public DicomServer(AssociationOptions options, IDicomStoreHandler handler, DicomServerTls? tls = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _options = options;
        _handler = handler;
        _tls = tls;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The bound address; port 0 at start gives the chosen port here.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("The server has not started.")).LocalEndpoint;

    /// <summary>Associations open now.</summary>
    public int ActiveAssociations => Volatile.Read(ref _active);

    public void Start(IPEndPoint endPoint)
    {
        _listener = new TcpListener(endPoint);
        _listener.Start(backlog: 128);
        ScpLog.Listening(_logger, LocalEndPoint, _options.ApplicationEntityTitle);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _associations];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }

            socket.NoDelay = true;
            var task = ServeAsync(socket, stopping);
            lock (_gate)
            {
                _associations.RemoveAll(t => t.IsCompleted);
                _associations.Add(task);
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint;
        var active = Interlocked.Increment(ref _active);
        var counted = 1;

        // The slot is free once the association is over, not when the peer gets round to closing (Sta13):
        // a peer that releases and at once associates again must not find its old association still counted.
        void Leave()
        {
            if (Interlocked.Exchange(ref counted, 0) == 1)
            {
                Interlocked.Decrement(ref _active);
            }
        }

        try
        {
            Stream transport = new NetworkStream(socket, ownsSocket: true);
            if (_tls is not null)
            {
                transport = await _tls.AuthenticateAsync(transport, _options.ArtimTimeout, stopping).ConfigureAwait(false);
            }

            await using var channel = new PduChannel(transport, _time);
            var association = new ScpAssociation(channel, _options, _handler, remote, _time, _logger);
            await association.RunAsync(() => active > _options.MaximumAssociations, Leave, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or AuthenticationException or SocketException or OperationCanceledException or TimeoutException)
        {
            ScpLog.ConnectionFailed(_logger, remote, e.Message);
        }
        finally
        {
            Leave();
            socket.Dispose();
        }
    }
}
