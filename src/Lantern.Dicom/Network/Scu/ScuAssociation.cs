using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.Dimse;
using Lantern.Dicom.Network.Pdu;
using Lantern.Dicom.Network.UpperLayer;

namespace Lantern.Dicom.Network.Scu;

/// <summary>
/// One association as the requestor, on an <see cref="UpperLayerProvider"/> (PS3.8 Sta4 → Sta5 → Sta6 →
/// Sta7 → Sta1): request, then one DIMSE operation at a time, then release (answering a release
/// collision if the peer releases too). Disposing aborts an association that is still open and waits
/// for the peer to close after an A-ABORT (Sta13).
/// </summary>
internal sealed class ScuAssociation : IAsyncDisposable
{
    private const int FileChunk = 256 * 1024;

    /// <summary>
    /// Our ARTIM: how long Sta13 waits for the peer to close after our A-ABORT or its invalid PDU. A peer
    /// that answers closes within a round trip; one that has stopped answering should not hold the
    /// command up much longer than the timeout that gave up on it.
    /// </summary>
    private static readonly TimeSpan s_longestArtim = TimeSpan.FromSeconds(5);

    private readonly PduChannel _channel;
    private readonly UpperLayerProvider _upper;
    private readonly DicomClientOptions _options;
    private readonly Dictionary<byte, PresentationContext> _contexts = [];
    private readonly ArrayBufferWriter<byte> _response = new(256);
    private uint _peerMaximumPduLength;
    private ushort _nextMessageId = 1;

    private ScuAssociation(PduChannel channel, DicomClientOptions options)
    {
        _channel = channel;
        _upper = UpperLayerProvider.ForRequestor(channel, options.Timeout < s_longestArtim ? options.Timeout : s_longestArtim, TimeProvider.System);
        _options = options;
        channel.MaximumInboundLength = options.MaximumPduLength;
    }

    public IReadOnlyCollection<PresentationContext> AcceptedContexts => _contexts.Values;

    /// <summary>Connects and negotiates; throws <see cref="AssociationRejectedException"/> when refused.</summary>
    public static async Task<ScuAssociation> OpenAsync(DicomClientOptions options, IReadOnlyList<PresentationContextRequest> proposed, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, deadline.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream transport = new NetworkStream(socket, ownsSocket: true);
        if (options.Tls is { } tls)
        {
            transport = await tls.AuthenticateAsync(transport, options.Host, deadline.Token).ConfigureAwait(false);
        }

        var association = new ScuAssociation(new PduChannel(transport, TimeProvider.System), options);
        try
        {
            await association.NegotiateAsync(proposed, cancellationToken).ConfigureAwait(false);
            return association;
        }
        catch (IOException e) when (transport is SslStream { SslProtocol: SslProtocols.Tls13 })
        {
            // TLS 1.3 finishes the client's handshake before the server has checked its certificate: a refusal
            // arrives only as a closed connection at the first DICOM exchange, which alone says "Broken pipe".
            await association.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the peer closed the TLS 1.3 connection before answering the association request ({e.Message}); the peer may demand a client certificate (--tls-cert)", e);
        }
        catch
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public PresentationContext? FindContext(string abstractSyntax, Func<TransferSyntax, bool>? usable = null) =>
        _contexts.Values.FirstOrDefault(c => c.AbstractSyntax == abstractSyntax && (usable is null || usable(c.TransferSyntax)));

    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken)
    {
        var context = FindContext(DicomUid.Verification.Value)
            ?? throw new AssociationRejectedException("the peer did not accept the Verification SOP class");
        var request = DimseCommand.CreateEchoRequest(_nextMessageId++);
        await SendCommandAsync(context, request, cancellationToken).ConfigureAwait(false);
        return (await ReceiveResponseAsync(request, cancellationToken).ConfigureAwait(false)).Status;
    }

    /// <summary>Sends a C-STORE whose data set bytes, already in the context's syntax, come from <paramref name="dataset"/>.</summary>
    public async Task<DimseStatus> StoreAsync(PresentationContext context, string sopClassUid, string sopInstanceUid, Stream dataset, CancellationToken cancellationToken)
    {
        var request = DimseCommand.CreateStoreRequest(_nextMessageId++, sopClassUid, sopInstanceUid);
        await SendCommandAsync(context, request, cancellationToken).ConfigureAwait(false);

        var chunk = ArrayPool<byte>.Shared.Rent(FileChunk);
        try
        {
            var length = await dataset.ReadAtLeastAsync(chunk.AsMemory(0, FileChunk), FileChunk, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // Read one chunk ahead so the last PDV can carry the last-fragment bit.
                var next = ArrayPool<byte>.Shared.Rent(FileChunk);
                var nextLength = length == FileChunk
                    ? await dataset.ReadAtLeastAsync(next.AsMemory(0, FileChunk), FileChunk, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : 0;
                var isLast = nextLength == 0;
                var data = chunk.AsMemory(0, length);
                await _upper.SendDataAsync(writer => PdvWriter.Write(writer, context.Id, isCommand: false, data.Span, isLast, _peerMaximumPduLength), cancellationToken).ConfigureAwait(false);
                ArrayPool<byte>.Shared.Return(chunk);
                chunk = next;
                length = nextLength;
                if (isLast)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (await ReceiveResponseAsync(request, cancellationToken).ConfigureAwait(false)).Status;
    }

    /// <summary>A-RELEASE-RQ, then waits for A-RELEASE-RP (answering the peer's own A-RELEASE-RQ in a collision).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await _upper.RequestReleaseAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var indication = await _upper.ReceiveAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
            switch (indication.Action)
            {
                case UpperLayerAction.AR3:
                // Aborted or closed by the peer instead (AA-3, AA-4): every operation has its answer already.
                case UpperLayerAction.AA3:
                case UpperLayerAction.AA4:
                    return;
                case UpperLayerAction.AR6:
                    // A late P-DATA: no operation waits for it.
                    break;
                case UpperLayerAction.AR8:
                    // Release collision: as the requestor we answer first (AR-9), then await the peer's answer (Sta11).
                    await _upper.RespondReleaseAsync(cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // AA-8: an invalid or unexpected PDU, answered with an A-ABORT already.
                    throw indication.Refusal!;
            }
        }
    }

    /// <summary>A-ABORT (AA-1) while the association is open; nothing once it is over or aborting already.</summary>
    public ValueTask AbortAsync() => _upper.AbortAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _upper.AbortAsync().ConfigureAwait(false);
            await _upper.AwaitCloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task NegotiateAsync(IReadOnlyList<PresentationContextRequest> proposed, CancellationToken cancellationToken)
    {
        var request = new AssociateRequest
        {
            CalledAE = _options.CalledApplicationEntityTitle,
            CallingAE = _options.CallingApplicationEntityTitle,
            PresentationContexts = [.. proposed],
            UserInformation = new UserInformation
            {
                MaximumLength = _options.MaximumPduLength,
                ImplementationClassUid = DicomImplementation.ClassUid,
                ImplementationVersionName = DicomImplementation.VersionName,
            },
        };
        await _upper.RequestAssociationAsync(request, cancellationToken).ConfigureAwait(false);
        var indication = await _upper.ReceiveAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        switch (indication.Action)
        {
            case UpperLayerAction.AE3:
                var accept = indication.AssociateAccept!;
                _peerMaximumPduLength = accept.UserInformation.MaximumLength;
                foreach (var response in accept.PresentationContexts.Where(r => r.Result == PresentationContextResult.Acceptance))
                {
                    var asked = proposed.FirstOrDefault(p => p.Id == response.Id);
                    if (asked is not null)
                    {
                        _contexts[response.Id] = new PresentationContext(response.Id, asked.AbstractSyntax, TransferSyntax.Lookup(response.TransferSyntax));
                    }
                }

                return;
            case UpperLayerAction.AE4:
                throw new AssociationRejectedException(indication.AssociateReject!.Value);
            case UpperLayerAction.AA3:
                throw new AssociationRejectedException($"the peer aborted the association request ({indication.Abort!.Value.Reason})");
            case UpperLayerAction.AA4:
                throw new AssociationRejectedException("the peer closed the connection instead of answering the association request");
            default:
                // AA-8: an invalid or unexpected PDU, answered with an A-ABORT already.
                throw indication.Refusal!;
        }
    }

    private async Task SendCommandAsync(PresentationContext context, DimseCommand command, CancellationToken cancellationToken)
    {
        var bytes = command.Encode();
        await _upper.SendDataAsync(writer => PdvWriter.Write(writer, context.Id, isCommand: true, bytes, isLast: true, _peerMaximumPduLength), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DimseCommand> ReceiveResponseAsync(DimseCommand request, CancellationToken cancellationToken)
    {
        _response.Clear();
        while (true)
        {
            var indication = await _upper.ReceiveAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
            switch (indication.Action)
            {
                case UpperLayerAction.DT2:
                    if (TryReadResponse(indication.DataValues!, request, out var response))
                    {
                        return response;
                    }

                    break;
                case UpperLayerAction.AR2:
                    // The acceptor releases before answering; a release is always answered affirmatively (PS3.8 §7.2.2, AR-4).
                    await _upper.RespondReleaseAsync(cancellationToken).ConfigureAwait(false);
                    throw new AssociationRejectedException("the peer released the association before answering");
                case UpperLayerAction.AA3:
                    throw new AssociationRejectedException($"the peer aborted the association ({indication.Abort!.Value.Reason})");
                case UpperLayerAction.AA4:
                    throw new IOException("the peer closed the connection before answering");
                default:
                    // AA-8: an invalid or unexpected PDU, answered with an A-ABORT already.
                    throw indication.Refusal!;
            }
        }
    }

    /// <summary>Gathers command fragments; true once the response to <paramref name="request"/> is whole.</summary>
    private bool TryReadResponse(IReadOnlyList<PresentationDataValue> values, DimseCommand request, out DimseCommand response)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var pdv = values[i];
            if (!pdv.IsCommand)
            {
                continue; // a response data set (none for C-ECHO/C-STORE) is not ours to keep
            }

            foreach (var segment in pdv.Data)
            {
                _response.Write(segment.Span);
            }

            if (pdv.IsLast)
            {
                response = DimseCommand.Decode(new ReadOnlySequence<byte>(_response.WrittenMemory));
                if (response.MessageIdBeingRespondedTo == request.MessageId)
                {
                    return true;
                }

                _response.Clear();
            }
        }

        response = null!;
        return false;
    }
}
