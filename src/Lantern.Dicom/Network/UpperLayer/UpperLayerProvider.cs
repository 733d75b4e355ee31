using System.Buffers;
using System.Runtime.CompilerServices;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Network.UpperLayer.UpperLayerAction;
using static Lantern.Dicom.Network.UpperLayer.UpperLayerEvent;

namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// The DICOM upper layer service-provider on one transport connection (PS3.8 §9.2). Received PDUs, the
/// ARTIM timer, the connection's close and the local user's requests become events of Table 9-10, and
/// <see cref="UpperLayerStateMachine"/> names the action. Actions that are the provider's own (an A-ABORT
/// for an invalid or unexpected PDU, ignoring PDUs in Sta13, ARTIM) are performed here; the rest reach the
/// association above as an <see cref="UpperLayerIndication"/> (a P-DATA, a release request, the peer's
/// abort) or come from it as a request (accept, send data, release, abort).
/// </summary>
internal sealed class UpperLayerProvider
{
    private readonly PduChannel _channel;
    private readonly UpperLayerStateMachine _machine;
    private readonly TimeSpan _artim;
    private readonly TimeProvider _time;
    private readonly List<PresentationDataValue> _values = [];
    private long _artimStarted;

    /// <summary>A PDU was refused from its header: the bytes after it can no longer be split into PDUs.</summary>
    private bool _framingLost;

    private UpperLayerProvider(PduChannel channel, bool isRequestor, TimeSpan artim, TimeProvider time)
    {
        _channel = channel;
        _machine = new UpperLayerStateMachine(isRequestor);
        _artim = artim;
        _time = time;
    }

    public UpperLayerState State => _machine.State;

    /// <summary>A peer's connection, accepted (Evt5, AE-5: ARTIM starts): Sta2, awaiting its A-ASSOCIATE-RQ.</summary>
    public static UpperLayerProvider ForAcceptor(PduChannel channel, TimeSpan artim, TimeProvider time)
    {
        var provider = new UpperLayerProvider(channel, isRequestor: false, artim, time);
        provider._machine.Fire(Evt5);
        provider.StartArtim();
        return provider;
    }

    /// <summary>
    /// The connection the local user asked for (Evt1, AE-1; the caller connects, since the channel needs the
    /// open connection): Sta4, until <see cref="RequestAssociationAsync"/>.
    /// </summary>
    public static UpperLayerProvider ForRequestor(PduChannel channel, TimeSpan artim, TimeProvider time)
    {
        var provider = new UpperLayerProvider(channel, isRequestor: true, artim, time);
        provider._machine.Fire(Evt1);
        return provider;
    }

    /// <summary>Evt2 (the connection is open), AE-2: sends the A-ASSOCIATE-RQ. Sta5.</summary>
    public ValueTask RequestAssociationAsync(AssociateRequest request, CancellationToken cancellationToken)
    {
        _machine.Fire(Evt2);
        return _channel.SendAsync(request.WriteTo, cancellationToken);
    }

    /// <summary>Evt7, AE-7: sends the A-ASSOCIATE-AC. Sta6.</summary>
    public ValueTask AcceptAsync(AssociateAccept accept, CancellationToken cancellationToken)
    {
        _machine.Fire(Evt7);
        return _channel.SendAsync(accept.WriteTo, cancellationToken);
    }

    /// <summary>Evt8, AE-8: sends the A-ASSOCIATE-RJ and starts ARTIM. Sta13: see <see cref="AwaitCloseAsync"/>.</summary>
    public ValueTask RejectAsync(AssociateReject reject, CancellationToken cancellationToken)
    {
        _machine.Fire(Evt8);
        StartArtim();
        return _channel.SendAsync(reject.WriteTo, cancellationToken);
    }

    /// <summary>Evt9, DT-1 (Sta6) or AR-7 (Sta8): sends the P-DATA-TF PDUs <paramref name="write"/> writes.</summary>
    public ValueTask SendDataAsync(Action<IBufferWriter<byte>> write, CancellationToken cancellationToken)
    {
        _machine.Fire(Evt9);
        return _channel.SendAsync(write, cancellationToken);
    }

    /// <summary>Evt11, AR-1: sends the A-RELEASE-RQ. Sta7.</summary>
    public ValueTask RequestReleaseAsync(CancellationToken cancellationToken)
    {
        _machine.Fire(Evt11);
        return _channel.SendAsync(ReleasePdu.WriteRequest, cancellationToken);
    }

    /// <summary>
    /// Evt14: sends the A-RELEASE-RP. AR-4 (Sta8, Sta12) also starts ARTIM: Sta13, where the requestor is to
    /// close. AR-9 (Sta9, a collision on the requestor's side) awaits the peer's A-RELEASE-RP next (Sta11).
    /// </summary>
    public ValueTask RespondReleaseAsync(CancellationToken cancellationToken)
    {
        if (_machine.Fire(Evt14).Action == AR4)
        {
            StartArtim();
        }

        return _channel.SendAsync(ReleasePdu.WriteResponse, cancellationToken);
    }

    /// <summary>
    /// Evt15, the local user gives up: AA-1 sends an A-ABORT (source service-user) and starts ARTIM (Sta13);
    /// AA-2 (Sta4) only closes. Where the table has no A-ABORT request (Sta1, Sta2 and Sta13: no association
    /// to abort) nothing happens.
    /// </summary>
    public async ValueTask AbortAsync()
    {
        if (_machine.TryFire(Evt15, out var transition))
        {
            await PerformAsync(transition, AbortReason.NotSpecified).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Evt19 found by the association inside a P-DATA it was handed (a presentation context that was not
    /// accepted, an unreadable command): the table's answer, AA-8 in an established association, with
    /// <paramref name="reason"/>. Nothing once the connection is gone (Sta1).
    /// </summary>
    public ValueTask RefuseAsync(AbortReason reason) =>
        _machine.TryFire(Evt19, out var transition) ? PerformAsync(transition, reason) : ValueTask.CompletedTask;

    /// <summary>
    /// Releases the previous PDU, waits for the next one and returns what the table made of it. The
    /// provider's own answers are given before this returns: an A-ABORT for an invalid or unexpected PDU
    /// (AA-1 in Sta2, AA-8 after), nothing for a closed connection. <paramref name="timeout"/> is the
    /// association's own limit where the standard runs no timer (Sta5-Sta12): its passing is a
    /// <see cref="TimeoutException"/> for the association to answer, with <see cref="AbortAsync"/>. In Sta2
    /// ARTIM bounds the wait instead, and its expiry is Evt18 (AA-2).
    /// </summary>
    /// <exception cref="IOException">The connection failed (Evt17: Sta1 now).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<UpperLayerIndication> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var state = State;
        if (state is UpperLayerState.Sta1 or UpperLayerState.Sta4 or UpperLayerState.Sta13)
        {
            throw new InvalidOperationException($"No PDU is awaited in {state}.");
        }

        _channel.Release();
        UpperLayerIndication indication;
        try
        {
            var pdu = await _channel.ReceiveAsync(state == UpperLayerState.Sta2 ? ArtimLeft() : timeout, cancellationToken).ConfigureAwait(false);
            indication = pdu is { } received ? Classify(received) : new UpperLayerIndication(Evt17, None);
        }
        catch (PduException e)
        {
            _framingLost = true;
            indication = new UpperLayerIndication(Evt19, None) { Refusal = e };
        }
        catch (TimeoutException) when (state == UpperLayerState.Sta2)
        {
            indication = new UpperLayerIndication(Evt18, None);
        }
        catch (IOException)
        {
            _machine.TryFire(Evt17, out _);
            throw;
        }

        var transition = _machine.Fire(indication.Event);
        indication = indication with { Action = transition.Action };
        if (transition.Action is AA1 or AA8)
        {
            var refusal = indication.Refusal ?? Unexpected(indication.Event, state);
            indication = indication with { Refusal = refusal };
            await PerformAsync(transition, refusal.Reason).ConfigureAwait(false);
        }

        return indication;
    }

    /// <summary>
    /// Sta13 (after AA-1, AA-8, AR-4 or AE-8): handles what the peer still sends as the table says, ignored
    /// (AA-6) or, for an A-ASSOCIATE-RQ or an invalid PDU, answered with an A-ABORT (AA-7), until the peer
    /// closes the connection (AR-5) or aborts, or ARTIM expires (AA-2). Closing first with bytes unread would
    /// reset the connection, and a reset can cost the peer our last PDU. <paramref name="cancellationToken"/>
    /// (the server stopping) ends the wait as ARTIM would. Returns at once in any other state.
    /// </summary>
    public async ValueTask AwaitCloseAsync(CancellationToken cancellationToken)
    {
        while (State == UpperLayerState.Sta13)
        {
            _channel.Release();
            UpperLayerEvent @event;
            var reason = AbortReason.UnexpectedPdu;
            if (_framingLost)
            {
                @event = await _channel.DrainAsync(ArtimLeft(), cancellationToken).ConfigureAwait(false) ? Evt17 : Evt18;
            }
            else
            {
                try
                {
                    var pdu = await _channel.ReceiveAsync(ArtimLeft(), cancellationToken).ConfigureAwait(false);
                    var indication = pdu is { } received ? Classify(received) : new UpperLayerIndication(Evt17, None);
                    @event = indication.Event;
                    reason = indication.Refusal?.Reason ?? reason;
                }
                catch (PduException e)
                {
                    _framingLost = true;
                    @event = Evt19;
                    reason = e.Reason;
                }
                catch (TimeoutException)
                {
                    @event = Evt18;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    @event = Evt18;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    @event = Evt17;
                }
            }

            await PerformAsync(_machine.Fire(@event), reason).ConfigureAwait(false);
        }
    }

    /// <summary>The event a whole received PDU is: its type's once its body parses, Evt19 otherwise.</summary>
    private UpperLayerIndication Classify(ReceivedPdu pdu)
    {
        try
        {
            return pdu.Type switch
            {
                PduType.AssociateRequest => new UpperLayerIndication(Evt6, None) { AssociateRequest = AssociateRequest.Parse(pdu.Body) },
                PduType.AssociateAccept => new UpperLayerIndication(Evt3, None) { AssociateAccept = AssociateAccept.Parse(pdu.Body) },
                PduType.AssociateReject => new UpperLayerIndication(Evt4, None) { AssociateReject = AssociateReject.Parse(pdu.Body) },
                PduType.DataTransfer => new UpperLayerIndication(Evt10, None) { DataValues = ReadValues(pdu.Body) },
                PduType.ReleaseRequest => new UpperLayerIndication(Evt12, None),
                PduType.ReleaseResponse => new UpperLayerIndication(Evt13, None),
                PduType.Abort => new UpperLayerIndication(Evt16, None) { Abort = AbortPdu.Parse(pdu.Body) },
                _ => new UpperLayerIndication(Evt19, None) { Refusal = new PduException(AbortReason.UnrecognizedPdu, PduRejectionReason.UnrecognizedPduType, $"PDU type {(byte)pdu.Type:X2}H") },
            };
        }
        catch (PduException e)
        {
            return new UpperLayerIndication(Evt19, None) { Refusal = e };
        }
    }

    /// <summary>Every PDV of a P-DATA-TF, checked before the PDU counts as Evt10; the list is reused for the next.</summary>
    private List<PresentationDataValue> ReadValues(ReadOnlySequence<byte> body)
    {
        _values.Clear();
        var reader = new SequenceReader<byte>(body);
        while (PDataTransfer.TryReadNext(ref reader, out var value))
        {
            _values.Add(value);
        }

        return _values;
    }

    /// <summary>The provider's A-ABORTs: AA-1 (source service-user), AA-8 and AA-7 (service-provider, with <paramref name="reason"/>).</summary>
    private async ValueTask PerformAsync(UpperLayerTransition transition, AbortReason reason)
    {
        if (transition.Action is not (AA1 or AA7 or AA8))
        {
            return;
        }

        // AA-1 and AA-8 start ARTIM; AA-7, in Sta13 already, leaves it running.
        if (transition.Action != AA7)
        {
            StartArtim();
        }

        var abort = transition.Action == AA1 ? new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified) : new AbortPdu(AbortSource.ServiceProvider, reason);
        try
        {
            await _channel.SendAsync(abort.WriteTo, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already: nothing left to tell it, no close to wait for (Evt17, AR-5).
            _machine.TryFire(Evt17, out _);
        }
    }

    private void StartArtim() => _artimStarted = _time.GetTimestamp();

    private TimeSpan ArtimLeft()
    {
        var left = _artim - _time.GetElapsedTime(_artimStarted);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static PduException Unexpected(UpperLayerEvent @event, UpperLayerState state)
    {
        var pdu = @event switch
        {
            Evt3 => "A-ASSOCIATE-AC",
            Evt4 => "A-ASSOCIATE-RJ",
            Evt6 => "A-ASSOCIATE-RQ",
            Evt10 => "P-DATA-TF",
            Evt12 => "A-RELEASE-RQ",
            Evt13 => "A-RELEASE-RP",
            _ => @event.ToString(),
        };
        return new PduException(AbortReason.UnexpectedPdu, PduRejectionReason.Unspecified, $"{pdu} is unexpected in {state}");
    }
}
