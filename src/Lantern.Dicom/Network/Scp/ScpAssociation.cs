using System.Buffers;
using System.Net;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.Dimse;
using Lantern.Dicom.Network.Pdu;
using Lantern.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;

namespace Lantern.Dicom.Network.Scp;

/// <summary>
/// One association as the acceptor (PS3.8 states Sta2 → Sta6 → Sta13): negotiation under ARTIM,
/// then DIMSE messages until release or abort. A C-STORE data set goes straight from the received
/// PDUs into an <see cref="IncomingInstanceFile"/>; its status is sent only after the file is
/// durable, or after it was refused and removed.
/// </summary>
internal sealed class ScpAssociation
{
    private const int MaximumCommandLength = 64 * 1024;
    private const uint MaximumAssociateRequestLength = 1024 * 1024;

    private readonly PduChannel _channel;
    private readonly AssociationOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly EndPoint? _remote;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _command = new(1024);
    private readonly Dictionary<byte, PresentationContext> _contexts = [];
    private readonly List<PresentationDataValue> _values = [];
    private AssociationInfo? _info;
    private uint _peerMaximumPduLength;
    private PendingMessage? _pending;
    private int _stored;

    public ScpAssociation(PduChannel channel, AssociationOptions options, IDicomStoreHandler handler, EndPoint? remote, ILogger logger)
    {
        _channel = channel;
        _options = options;
        _handler = handler;
        _remote = remote;
        _logger = logger;

        // The negotiated maximum binds P-DATA only (PS3.8 D.1); a request with 128 contexts of many syntaxes is larger.
        channel.MaximumInboundLength = Math.Max(options.MaximumPduLength, MaximumAssociateRequestLength);
    }

    /// <summary>Runs the association to its end; <paramref name="atCapacity"/> is asked once, at negotiation.</summary>
    public async Task RunAsync(Func<bool> atCapacity, CancellationToken cancellationToken)
    {
        try
        {
            if (await NegotiateAsync(atCapacity(), cancellationToken).ConfigureAwait(false))
            {
                await TransferAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PduException e)
        {
            ScpLog.Aborted(_logger, _remote, e.Message);
            await AbortAsync(e.Reason, cancellationToken).ConfigureAwait(false);
        }
        catch (DimseException e)
        {
            ScpLog.Aborted(_logger, _remote, e.Message);
            await AbortAsync(AbortReason.InvalidPduParameterValue, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            ScpLog.Aborted(_logger, _remote, e.Message);

            // ARTIM expiry while awaiting the A-ASSOCIATE-RQ only closes the connection (Sta2, AA-2); idle in Sta6 aborts.
            if (_info is not null)
            {
                await AbortAsync(AbortReason.NotSpecified, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TryAbortAsync(SourceOfAbort, AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ScpLog.ConnectionFailed(_logger, _remote, e.Message);
        }
        finally
        {
            _pending?.Dispose();
        }
    }

    private async Task<bool> NegotiateAsync(bool atCapacity, CancellationToken cancellationToken)
    {
        var pdu = await _channel.ReceiveAsync(_options.ArtimTimeout, cancellationToken).ConfigureAwait(false);
        if (pdu is null)
        {
            return false;
        }

        if (pdu.Value.Type != PduType.AssociateRequest)
        {
            throw new PduException(AbortReason.UnexpectedPdu, PduRejectionReason.Unspecified, $"expected A-ASSOCIATE-RQ, received {pdu.Value.Type}");
        }

        var request = AssociateRequest.Parse(pdu.Value.Body);
        _channel.Release();

        var decision = AssociationNegotiator.Negotiate(request, _options, atCapacity);
        if (decision.Reject is { } reject)
        {
            ScpLog.Rejected(_logger, request.CallingAE, request.CalledAE, _remote, decision.RejectReason!);
            await _channel.SendAsync(reject.WriteTo, cancellationToken).ConfigureAwait(false);
            return false;
        }

        foreach (var context in decision.AcceptedContexts)
        {
            _contexts[context.Id] = context;
        }

        _peerMaximumPduLength = request.UserInformation.MaximumLength;
        _channel.MaximumInboundLength = _options.MaximumPduLength;
        _info = new AssociationInfo(request.CallingAE, request.CalledAE, _remote,
            request.UserInformation.ImplementationClassUid, request.UserInformation.ImplementationVersionName, request.UserInformation.UserIdentity);
        await _channel.SendAsync(decision.Accept!.WriteTo, cancellationToken).ConfigureAwait(false);
        ScpLog.Accepted(_logger, request.CallingAE, request.CalledAE, _remote, _contexts.Count);
        return true;
    }

    private async Task TransferAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var received = await _channel.ReceiveAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
            if (received is not { } pdu)
            {
                ScpLog.Aborted(_logger, _remote, "the peer closed the connection without releasing");
                return;
            }

            switch (pdu.Type)
            {
                case PduType.DataTransfer:
                    await ReceiveDataAsync(pdu.Body, cancellationToken).ConfigureAwait(false);
                    _channel.Release();
                    break;
                case PduType.ReleaseRequest:
                    _channel.Release();
                    await _channel.SendAsync(ReleasePdu.WriteResponse, cancellationToken).ConfigureAwait(false);
                    ScpLog.Released(_logger, _info!.CallingApplicationEntityTitle, _stored);
                    return;
                case PduType.Abort:
                    _channel.Release();
                    ScpLog.Aborted(_logger, _remote, "the peer sent A-ABORT");
                    return;
                default:
                    throw new PduException(AbortReason.UnexpectedPdu, PduRejectionReason.Unspecified, $"{pdu.Type} during data transfer");
            }
        }
    }

    private async Task ReceiveDataAsync(ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        _values.Clear();
        var reader = new SequenceReader<byte>(body);
        while (PDataTransfer.TryReadNext(ref reader, out var value))
        {
            _values.Add(value);
        }

        foreach (var pdv in _values)
        {
            if (!_contexts.TryGetValue(pdv.PresentationContextId, out var context))
            {
                throw new PduException(AbortReason.InvalidPduParameterValue, PduRejectionReason.Unspecified, $"P-DATA on presentation context {pdv.PresentationContextId}, which was not accepted");
            }

            if (pdv.IsCommand)
            {
                await ReceiveCommandAsync(pdv, context, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ReceiveDatasetAsync(pdv, context, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReceiveCommandAsync(PresentationDataValue pdv, PresentationContext context, CancellationToken cancellationToken)
    {
        if (_pending is not null)
        {
            throw new PduException(AbortReason.UnexpectedPduParameter, PduRejectionReason.Unspecified, "a command arrived while a data set was still expected");
        }

        if (_command.WrittenCount + pdv.Data.Length > MaximumCommandLength)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, PduRejectionReason.Unspecified, $"command set longer than {MaximumCommandLength} bytes");
        }

        foreach (var segment in pdv.Data)
        {
            _command.Write(segment.Span);
        }

        if (!pdv.IsLast)
        {
            return;
        }

        var command = DimseCommand.Decode(new ReadOnlySequence<byte>(_command.WrittenMemory));
        _command.Clear();
        if (!command.HasDataset)
        {
            await AnswerAsync(context, command, cancellationToken).ConfigureAwait(false);
            return;
        }

        _pending = command.CommandField == DimseCommandField.CStoreRequest
            ? await BeginStoreAsync(command, context, cancellationToken).ConfigureAwait(false)
            : PendingMessage.Discard(command, context, DimseStatus.UnrecognizedOperation);
    }

    private async Task ReceiveDatasetAsync(PresentationDataValue pdv, PresentationContext context, CancellationToken cancellationToken)
    {
        if (_pending is not { } pending || pending.Context.Id != context.Id)
        {
            throw new PduException(AbortReason.UnexpectedPduParameter, PduRejectionReason.Unspecified, "a data set arrived without its command");
        }

        if (pending.File is { } file)
        {
            try
            {
                // Synchronous: a write into the page cache is cheaper than a hop to the thread pool.
                file.Append(pdv.Data);
            }
            catch (IOException e)
            {
                // Keep reading the data set, so the association survives a full disk.
                pending.Fail(StoreFailureStatus.FromException(e), e.Message);
            }
        }

        if (pdv.IsLast)
        {
            _pending = null;
            DimseStatus status;
            using (pending)
            {
                status = await CompleteAsync(pending, cancellationToken).ConfigureAwait(false);
            }

            // Only now, with a refused data set's temporary file deleted, does the peer learn the outcome.
            await RespondAsync(pending.Context, DimseCommand.CreateStoreResponse(pending.Command, status), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PendingMessage> BeginStoreAsync(DimseCommand command, PresentationContext context, CancellationToken cancellationToken)
    {
        var sopClass = command.AffectedSopClassUid ?? string.Empty;
        var sopInstance = command.AffectedSopInstanceUid ?? string.Empty;
        if (sopClass != context.AbstractSyntax)
        {
            return PendingMessage.Discard(command, context, DimseStatus.SopClassNotSupported);
        }

        var request = new StoreRequest(_info!, sopClass, sopInstance, context.TransferSyntax, command.MessageId);
        try
        {
            var decision = await _handler.BeginStoreAsync(request, cancellationToken).ConfigureAwait(false);
            if (!decision.IsAccepted)
            {
                return PendingMessage.Discard(command, context, decision.Status);
            }

            var file = IncomingInstanceFile.Begin(decision.Directory!, sopClass, sopInstance, context.TransferSyntax, _info!.CallingApplicationEntityTitle);
            return PendingMessage.Store(command, context, request, file, decision.FileName!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScpLog.StoreFailed(_logger, sopInstance, StoreFailureStatus.FromException(e).ToString(), e.Message);
            return PendingMessage.Discard(command, context, StoreFailureStatus.FromException(e));
        }
    }

    /// <summary>Checks the received data set, makes it durable and hands it over; the status to answer with.</summary>
    private async Task<DimseStatus> CompleteAsync(PendingMessage pending, CancellationToken cancellationToken)
    {
        if (pending.File is not { } file)
        {
            return pending.Status;
        }

        var sopInstance = pending.Request!.SopInstanceUid;
        try
        {
            var header = file.ReadHeader();
            if (!header.TryGetString(DicomTag.SOPClassUID, out var sopClass) || sopClass != pending.Request.SopClassUid
                || !header.TryGetString(DicomTag.SOPInstanceUID, out var instance) || instance != sopInstance)
            {
                ScpLog.StoreFailed(_logger, sopInstance, DimseStatus.DataSetDoesNotMatchSopClass.ToString(), "SOP Class or Instance UID in the data set differs from the command");
                return DimseStatus.DataSetDoesNotMatchSopClass;
            }

            var path = file.Commit(pending.FileName!);
            ScpLog.Stored(_logger, sopInstance, pending.Request.SopClassUid, pending.Request.TransferSyntax.Uid, path);
            _stored++;
            return await _handler.StoredAsync(new StoredInstance(pending.Request, path, file.DatasetLength), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DicomReadException)
        {
            var status = StoreFailureStatus.FromException(e);
            ScpLog.StoreFailed(_logger, sopInstance, status.ToString(), e.Message);
            return status;
        }
    }

    private async Task AnswerAsync(PresentationContext context, DimseCommand command, CancellationToken cancellationToken)
    {
        var response = command.CommandField == DimseCommandField.CEchoRequest
            ? DimseCommand.CreateEchoResponse(command, DimseStatus.Success)
            : DimseCommand.CreateResponse(command, DimseStatus.UnrecognizedOperation);
        await RespondAsync(context, response, cancellationToken).ConfigureAwait(false);
    }

    private async Task RespondAsync(PresentationContext context, DimseCommand response, CancellationToken cancellationToken)
    {
        var bytes = response.Encode();
        await _channel.SendAsync(writer => PdvWriter.Write(writer, context.Id, isCommand: true, bytes, isLast: true, _peerMaximumPduLength), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Before the association is accepted (Sta2) an invalid or unexpected PDU is answered by AA-1, an
    /// A-ABORT with service-user source and no reason (PS3.8 Table 9-10); after it, by AA-8, service-provider
    /// source with <see cref="AbortReason"/>.
    /// </summary>
    private AbortSource SourceOfAbort => _info is null ? AbortSource.ServiceUser : AbortSource.ServiceProvider;

    /// <summary>
    /// Drops the data set being received, sends an A-ABORT and waits in Sta13 for the peer to close the
    /// connection (ARTIM at most, or until the server stops), reading what it still sends so that the
    /// close is not a reset.
    /// </summary>
    private async Task AbortAsync(AbortReason reason, CancellationToken cancellationToken)
    {
        _pending?.Dispose();
        _pending = null;
        if (await TryAbortAsync(SourceOfAbort, reason).ConfigureAwait(false))
        {
            await _channel.DrainAsync(_options.ArtimTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryAbortAsync(AbortSource source, AbortReason reason)
    {
        try
        {
            await _channel.SendAsync(writer => new AbortPdu(source, reason).WriteTo(writer), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already; nothing left to tell it.
            return false;
        }
    }
}
