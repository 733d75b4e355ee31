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
/// One association as the acceptor, on an <see cref="UpperLayerProvider"/> (PS3.8 Sta2 → Sta3 → Sta6 →
/// Sta13): negotiation under ARTIM, then DIMSE messages until release or abort, then the wait for the
/// peer to close. A C-STORE data set goes straight from the received PDUs into an
/// <see cref="IncomingInstanceFile"/>; its status is sent only after the file is durable, or after it
/// was refused and removed.
/// </summary>
internal sealed class ScpAssociation
{
    private const int MaximumCommandLength = 64 * 1024;
    private const uint MaximumAssociateRequestLength = 1024 * 1024;

    private readonly PduChannel _channel;
    private readonly UpperLayerProvider _upper;
    private readonly AssociationOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly EndPoint? _remote;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _command = new(1024);
    private readonly Dictionary<byte, PresentationContext> _contexts = [];
    private AssociationInfo? _info;
    private uint _peerMaximumPduLength;
    private PendingMessage? _pending;
    private int _stored;

    public ScpAssociation(PduChannel channel, AssociationOptions options, IDicomStoreHandler handler, EndPoint? remote, TimeProvider time, ILogger logger)
    {
        _channel = channel;
        _upper = UpperLayerProvider.ForAcceptor(channel, options.ArtimTimeout, time);
        _options = options;
        _handler = handler;
        _remote = remote;
        _logger = logger;

        // The negotiated maximum binds P-DATA only (PS3.8 D.1); a request with 128 contexts of many syntaxes is larger.
        channel.MaximumInboundLength = Math.Max(options.MaximumPduLength, MaximumAssociateRequestLength);
    }

    /// <summary>
    /// Runs the association to its end. <paramref name="atCapacity"/> is asked once, at negotiation;
    /// <paramref name="ended"/> is called when the association no longer exists, before the wait for the
    /// peer to close the connection (Sta13), which holds no association.
    /// </summary>
    public async Task RunAsync(Func<bool> atCapacity, Action ended, CancellationToken cancellationToken)
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
            // An invalid PDU that the association found (Evt19): AA-8 with the reason.
            ScpLog.Aborted(_logger, _remote, e.Message);
            DropPending();
            await _upper.RefuseAsync(e.Reason).ConfigureAwait(false);
        }
        catch (DimseException e)
        {
            ScpLog.Aborted(_logger, _remote, e.Message);
            DropPending();
            await _upper.RefuseAsync(AbortReason.InvalidPduParameterValue).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // Idle: no standard timer runs in Sta6, so giving up is our own A-ABORT request (Evt15, AA-1).
            ScpLog.Aborted(_logger, _remote, e.Message);
            DropPending();
            await _upper.AbortAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            DropPending();
            await _upper.AbortAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ScpLog.ConnectionFailed(_logger, _remote, e.Message);
            return;
        }
        finally
        {
            DropPending();
        }

        ended();
        await _upper.AwaitCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> NegotiateAsync(bool atCapacity, CancellationToken cancellationToken)
    {
        var indication = await _upper.ReceiveAsync(_options.ArtimTimeout, cancellationToken).ConfigureAwait(false);
        switch (indication.Action)
        {
            case UpperLayerAction.AE6:
                break;
            case UpperLayerAction.AA1:
                ScpLog.Aborted(_logger, _remote, indication.Refusal!.Message);
                return false;
            case UpperLayerAction.AA2:
                ScpLog.Aborted(_logger, _remote, indication.Event == UpperLayerEvent.Evt18
                    ? $"no A-ASSOCIATE-RQ within {_options.ArtimTimeout.TotalSeconds:0.#} s (ARTIM)"
                    : "the peer sent A-ABORT instead of A-ASSOCIATE-RQ");
                return false;
            default:
                // AA-5: closed before it asked for anything.
                return false;
        }

        var request = indication.AssociateRequest!;
        var decision = AssociationNegotiator.Negotiate(request, _options, atCapacity);
        if (decision.Reject is { } reject)
        {
            ScpLog.Rejected(_logger, request.CallingAE, request.CalledAE, _remote, decision.RejectReason!);
            await _upper.RejectAsync(reject, cancellationToken).ConfigureAwait(false);
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
        await _upper.AcceptAsync(decision.Accept!, cancellationToken).ConfigureAwait(false);
        ScpLog.Accepted(_logger, request.CallingAE, request.CalledAE, _remote, _contexts.Count);
        return true;
    }

    private async Task TransferAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var indication = await _upper.ReceiveAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
            switch (indication.Action)
            {
                case UpperLayerAction.DT2:
                    await ReceiveDataAsync(indication.DataValues!, cancellationToken).ConfigureAwait(false);
                    break;
                case UpperLayerAction.AR2:
                    await _upper.RespondReleaseAsync(cancellationToken).ConfigureAwait(false);
                    ScpLog.Released(_logger, _info!.CallingApplicationEntityTitle, _stored);
                    return;
                case UpperLayerAction.AA3:
                    ScpLog.Aborted(_logger, _remote, "the peer sent A-ABORT");
                    return;
                case UpperLayerAction.AA4:
                    ScpLog.Aborted(_logger, _remote, "the peer closed the connection without releasing");
                    return;
                default:
                    // AA-8: an invalid or unexpected PDU, answered with an A-ABORT already.
                    ScpLog.Aborted(_logger, _remote, indication.Refusal!.Message);
                    return;
            }
        }
    }

    private async Task ReceiveDataAsync(IReadOnlyList<PresentationDataValue> values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var pdv = values[i];
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

        DimseCommand command;
        try
        {
            command = DimseCommand.Decode(new ReadOnlySequence<byte>(_command.WrittenMemory));
        }
        catch (DimseException e) when (e.Request is { } request)
        {
            // The fault is this message's alone: C000 answers it (after its data set, if one follows) and the
            // association goes on. A command that names no message to answer still aborts (RunAsync).
            ScpLog.CommandNotUnderstood(_logger, _remote, e.Message);
            if (request.HasDataset)
            {
                _pending = PendingMessage.Discard(request, context, DimseStatus.CannotUnderstand);
            }
            else
            {
                await RespondAsync(context, DimseCommand.CreateResponse(request, DimseStatus.CannotUnderstand), cancellationToken).ConfigureAwait(false);
            }

            return;
        }
        finally
        {
            _command.Clear();
        }

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
            await RespondAsync(pending.Context, DimseCommand.CreateResponse(pending.Command, status), cancellationToken).ConfigureAwait(false);
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
        await _upper.SendDataAsync(writer => PdvWriter.Write(writer, context.Id, isCommand: true, bytes, isLast: true, _peerMaximumPduLength), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the data set being received: its partial file goes before the association ends.</summary>
    private void DropPending()
    {
        _pending?.Dispose();
        _pending = null;
    }
}
