namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// The presentation context ids met while parsing an A-ASSOCIATE: 256 bits on the stack. Refuses
/// an even id, a repeated id, and more than <see cref="AssociateRequest.MaxPresentationContexts"/>.
/// </summary>
internal struct PresentationContextIdSet
{
    private UInt128 _low;
    private UInt128 _high;

    public int Count { get; private set; }

    /// <summary>Checks the count before anything of the next item is parsed.</summary>
    public readonly void CheckRoomForOneMore()
    {
        if (Count >= AssociateRequest.MaxPresentationContexts)
        {
            PduException.Throw(PduRejectionReason.TooManyPresentationContexts);
        }
    }

    public void Add(byte id)
    {
        CheckRoomForOneMore();
        if ((id & 1) == 0)
        {
            PduException.Throw(PduRejectionReason.InvalidPresentationContextId, $"id {id}");
        }

        var bit = UInt128.One << (id & 127);
        var seen = id < 128 ? _low : _high;
        if ((seen & bit) != UInt128.Zero)
        {
            PduException.Throw(PduRejectionReason.DuplicatePresentationContextId, $"id {id}");
        }

        if (id < 128)
        {
            _low |= bit;
        }
        else
        {
            _high |= bit;
        }

        Count++;
    }

    /// <summary>The same checks for a context about to be written: an <see cref="InvalidOperationException"/>, the mistake being ours.</summary>
    public void AddOutgoing(byte id)
    {
        try
        {
            Add(id);
        }
        catch (PduException e)
        {
            throw new InvalidOperationException($"Cannot write the presentation contexts: {e.Message}.", e);
        }
    }
}
