using Lantern.Dicom.Network.UpperLayer;

namespace Lantern.Dicom.Tests.Network.UpperLayer;

/// <summary>
/// States, events and actions written as PS3.8 §9.2 writes them ("Sta13", "Evt19", "AA-8"), so that
/// test data reads like Table 9-10; and the standard's own ways into each state.
/// </summary>
internal static class Standard
{
    public static UpperLayerState State(string name) => Enum.Parse<UpperLayerState>(name);

    public static UpperLayerEvent Event(string name) => Enum.Parse<UpperLayerEvent>(name);

    /// <summary>"AA-8" → <see cref="UpperLayerAction.AA8"/>; "-" (a blank cell) → <see cref="UpperLayerAction.None"/>.</summary>
    public static UpperLayerAction Action(string name) => name == "-" ? UpperLayerAction.None : Enum.Parse<UpperLayerAction>(name.Replace("-", "", StringComparison.Ordinal));

    /// <summary>
    /// A machine brought to <paramref name="state"/> by the events the standard's sequences take there:
    /// Sta2-Sta3 and Sta10, Sta12 as the acceptor, Sta4-Sta5 and Sta9, Sta11 as the requestor; the rest
    /// as <paramref name="requestor"/> says.
    /// </summary>
    public static UpperLayerStateMachine MachineIn(string state, bool requestor = false)
    {
        (bool Requestor, string[] Events) path = state switch
        {
            "Sta1" => (requestor, []),
            "Sta2" => (false, ["Evt5"]),
            "Sta3" => (false, ["Evt5", "Evt6"]),
            "Sta4" => (true, ["Evt1"]),
            "Sta5" => (true, ["Evt1", "Evt2"]),
            "Sta6" => (requestor, Established(requestor)),
            "Sta7" => (requestor, [.. Established(requestor), "Evt11"]),
            "Sta8" => (requestor, [.. Established(requestor), "Evt12"]),
            "Sta9" => (true, [.. Established(true), "Evt11", "Evt12"]),
            "Sta10" => (false, [.. Established(false), "Evt11", "Evt12"]),
            "Sta11" => (true, [.. Established(true), "Evt11", "Evt12", "Evt14"]),
            "Sta12" => (false, [.. Established(false), "Evt11", "Evt12", "Evt13"]),
            "Sta13" => (requestor, [.. Established(requestor), "Evt15"]),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };
        var machine = new UpperLayerStateMachine(path.Requestor);
        foreach (var @event in path.Events)
        {
            machine.Fire(Event(@event));
        }

        Assert.Equal(State(state), machine.State);
        return machine;
    }

    private static string[] Established(bool requestor) => requestor ? ["Evt1", "Evt2", "Evt3"] : ["Evt5", "Evt6", "Evt7"];
}
