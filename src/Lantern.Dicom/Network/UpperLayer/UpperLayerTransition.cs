namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>One cell of PS3.8 Table 9-10 for one role: the action an event triggers in a state, and the state after it.</summary>
internal readonly record struct UpperLayerTransition(UpperLayerAction Action, UpperLayerState Next)
{
    /// <summary>False for a blank cell: the event cannot occur in that state.</summary>
    public bool IsDefined => Action != UpperLayerAction.None;
}
