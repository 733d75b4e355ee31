namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>
/// One association's place in PS3.8 Table 9-10: the current state, moved by events through
/// <see cref="UpperLayerStateTable"/>. Knows nothing of sockets; <see cref="UpperLayerProvider"/> performs
/// the actions it returns.
/// </summary>
internal sealed class UpperLayerStateMachine(bool isRequestor)
{
    /// <summary>Sta1 until the first event.</summary>
    public UpperLayerState State { get; private set; } = UpperLayerState.Sta1;

    /// <summary>The association-requestor (SCU side); decides where a release collision goes (AR-8).</summary>
    public bool IsRequestor => isRequestor;

    /// <summary>Takes the transition for <paramref name="event"/>; an event the table has no action for here is a bug of ours.</summary>
    public UpperLayerTransition Fire(UpperLayerEvent @event) =>
        TryFire(@event, out var transition)
            ? transition
            : throw new InvalidOperationException($"{@event} cannot occur in {State}: PS3.8 Table 9-10 has no action for it.");

    /// <summary>Takes the transition for <paramref name="event"/> when the table has one here; otherwise stays and returns false.</summary>
    public bool TryFire(UpperLayerEvent @event, out UpperLayerTransition transition)
    {
        transition = UpperLayerStateTable.Lookup(State, @event, isRequestor);
        if (!transition.IsDefined)
        {
            return false;
        }

        State = transition.Next;
        return true;
    }
}
