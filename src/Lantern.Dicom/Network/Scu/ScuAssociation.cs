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
/// One association as the requestor (PS3.8 Sta4 → Sta5 → Sta6 → Sta7): request, then one DIMSE
/// operation at a time, then release (answering a release collision if the peer releases too).
/// </summary>
internal sealed class ScuAssociation : IAsyncDisposable
{
    private const int FileChunk = 256 * 1024;

    private readonly PduChannel _channel;
    private readonly DicomClientOptions _options;
    private readonly Dictionary<byte, PresentationContext> _contexts = [];
    private readonly ArrayBufferWriter<byte> _response = new(256);
    private uint _peerMaximumPduLength;
    private ushort _nextMessageId = 1;

    private ScuAssociation(PduChannel channel, DicomClientOptions options)
    {
        _channel = channel;
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
                await _channel.SendAsync(writer => PdvWriter.Write(writer, context.Id, isCommand: false, data.Span, isLast, _peerMaximumPduLength), cancellationToken).ConfigureAwait(false);
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
        await _channel.SendAsync(ReleasePdu.WriteRequest, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var pdu = await _channel.ReceiveAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
            if (pdu is null)
            {
                return;
            }

            var type = pdu.Value.Type;
            _channel.Release();
            switch (type)
            {
                case PduType.ReleaseResponse:
                case PduType.Abort:
                    return;
                case PduType.ReleaseRequest:
                    await _channel.SendAsync(ReleasePdu.WriteResponse, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // A late P-DATA before the release answer is dropped (PS3.8 Sta7).
                    break;
            }
        }
    }

    public async Task AbortAsync()
    {
        try
        {
            await _channel.SendAsync(writer => new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified).WriteTo(writer), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();

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
        await _channel.SendAsync(request.WriteTo, cancellationToken).ConfigureAwait(false);
        var pdu = await _channel.ReceiveAsync(_options.Timeout, cancellationToken).ConfigureAwait(false)
            ?? throw new AssociationRejectedException("the peer closed the connection instead of answering the association request");
        try
        {
            switch (pdu.Type)
            {
                case PduType.AssociateAccept:
                    var accept = AssociateAccept.Parse(pdu.Body);
                    _peerMaximumPduLength = accept.UserInformation.MaximumLength;
                    foreach (var response in accept.PresentationContexts.Where(r => r.Result == PresentationContextResult.Acceptance))
                    {
                        var asked = proposed.FirstOrDefault(p => p.Id == response.Id);
                        if (asked is not null)
                        {
                            _contexts[response.Id] = new PresentationContext(response.Id, asked.AbstractSyntax, TransferSyntax.Lookup(response.TransferSyntax));
                        }
                    }

                    break;
                case PduType.AssociateReject:
                    throw new AssociationRejectedException(AssociateReject.Parse(pdu.Body));
                case PduType.Abort:
                    throw new AssociationRejectedException($"the peer aborted the association request ({AbortPdu.Parse(pdu.Body).Reason})");
                default:
                    throw new PduException(AbortReason.UnexpectedPdu, PduRejectionReason.Unspecified, $"{pdu.Type} in answer to A-ASSOCIATE-RQ");
            }
        }
        finally
        {
            _channel.Release();
        }
    }

    private async Task SendCommandAsync(PresentationContext context, DimseCommand command, CancellationToken cancellationToken)
    {
        var bytes = command.Encode();
        await _channel.SendAsync(writer => PdvWriter.Write(writer, context.Id, isCommand: true, bytes, isLast: true, _peerMaximumPduLength), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DimseCommand> ReceiveResponseAsync(DimseCommand request, CancellationToken cancellationToken)
    {
        _response.Clear();
        while (true)
        {
            var pdu = await _channel.ReceiveAsync(_options.Timeout, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("the peer closed the connection before answering");
            try
            {
                switch (pdu.Type)
                {
                    case PduType.DataTransfer:
                        var reader = new SequenceReader<byte>(pdu.Body);
                        while (PDataTransfer.TryReadNext(ref reader, out var pdv))
                        {
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
                                var response = DimseCommand.Decode(new ReadOnlySequence<byte>(_response.WrittenMemory));
                                if (response.MessageIdBeingRespondedTo == request.MessageId)
                                {
                                    return response;
                                }

                                _response.Clear();
                            }
                        }

                        break;
                    case PduType.Abort:
                        throw new AssociationRejectedException($"the peer aborted the association ({AbortPdu.Parse(pdu.Body).Reason})");
                    default:
                        throw new PduException(AbortReason.UnexpectedPdu, PduRejectionReason.Unspecified, $"{pdu.Type} while waiting for a response");
                }
            }
            finally
            {
                _channel.Release();
            }
        }
    }
}
