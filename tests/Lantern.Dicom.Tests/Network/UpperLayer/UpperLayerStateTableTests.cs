using Lantern.Dicom.Network.UpperLayer;
using static Lantern.Dicom.Tests.Network.UpperLayer.Standard;

namespace Lantern.Dicom.Tests.Network.UpperLayer;

public sealed class UpperLayerStateTableTests
{
    /// <summary>PS3.8 Table 9-10 in the standard's notation, one row per event, columns Sta1 to Sta13; "-" is a blank cell.</summary>
    private static readonly Dictionary<string, string> s_table910 = new()
    {
        ["Evt1"] = "AE-1 -    -    -    -    -    -    -    -    -     -    -    -",
        ["Evt2"] = "-    -    -    AE-2 -    -    -    -    -    -     -    -    -",
        ["Evt3"] = "-    AA-1 AA-8 -    AE-3 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8 AA-8 AA-6",
        ["Evt4"] = "-    AA-1 AA-8 -    AE-4 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8 AA-8 AA-6",
        ["Evt5"] = "AE-5 -    -    -    -    -    -    -    -    -     -    -    -",
        ["Evt6"] = "-    AE-6 AA-8 -    AA-8 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8 AA-8 AA-7",
        ["Evt7"] = "-    -    AE-7 -    -    -    -    -    -    -     -    -    -",
        ["Evt8"] = "-    -    AE-8 -    -    -    -    -    -    -     -    -    -",
        ["Evt9"] = "-    -    -    -    -    DT-1 -    AR-7 -    -     -    -    -",
        ["Evt10"] = "-    AA-1 AA-8 -    AA-8 DT-2 AR-6 AA-8 AA-8 AA-8  AA-8 AA-8 AA-6",
        ["Evt11"] = "-    -    -    -    -    AR-1 -    -    -    -     -    -    -",
        ["Evt12"] = "-    AA-1 AA-8 -    AA-8 AR-2 AR-8 AA-8 AA-8 AA-8  AA-8 AA-8 AA-6",
        ["Evt13"] = "-    AA-1 AA-8 -    AA-8 AA-8 AR-3 AA-8 AA-8 AR-10 AR-3 AA-8 AA-6",
        ["Evt14"] = "-    -    -    -    -    -    -    AR-4 AR-9 -     -    AR-4 -",
        ["Evt15"] = "-    -    AA-1 AA-2 AA-1 AA-1 AA-1 AA-1 AA-1 AA-1  AA-1 AA-1 -",
        ["Evt16"] = "-    AA-2 AA-3 -    AA-3 AA-3 AA-3 AA-3 AA-3 AA-3  AA-3 AA-3 AA-2",
        ["Evt17"] = "-    AA-5 AA-4 AA-4 AA-4 AA-4 AA-4 AA-4 AA-4 AA-4  AA-4 AA-4 AR-5",
        ["Evt18"] = "-    AA-2 -    -    -    -    -    -    -    -     -    -    AA-2",
        ["Evt19"] = "-    AA-1 AA-8 -    AA-8 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8 AA-8 AA-7",
    };

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (@event, row) in s_table910)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(13, cells.Length);
            for (var state = 1; state <= 13; state++)
            {
                data.Add($"Sta{state}", @event, cells[state - 1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Lookup_EveryCell_IsTable910s(string state, string @event, string action)
    {
        foreach (var requestor in new[] { false, true })
        {
            var transition = UpperLayerStateTable.Lookup(State(state), Event(@event), requestor);

            Assert.Equal(Action(action), transition.Action);
        }
    }

    [Fact]
    public void Lookup_BlankCell_UndefinedAndStateStays()
    {
        var transition = UpperLayerStateTable.Lookup(UpperLayerState.Sta6, UpperLayerEvent.Evt18, isRequestor: false);

        Assert.False(transition.IsDefined);
        Assert.Equal(UpperLayerState.Sta6, transition.Next);
    }

    /// <summary>Whatever a peer sends, in any state with a transport connection, the table has an answer.</summary>
    [Fact]
    public void Lookup_PduEventWithConnectionOpen_AlwaysDefined()
    {
        UpperLayerEvent[] received = [UpperLayerEvent.Evt3, UpperLayerEvent.Evt4, UpperLayerEvent.Evt6, UpperLayerEvent.Evt10, UpperLayerEvent.Evt12,
            UpperLayerEvent.Evt13, UpperLayerEvent.Evt16, UpperLayerEvent.Evt17, UpperLayerEvent.Evt19];
        var connected = Enum.GetValues<UpperLayerState>().Where(s => s is not (UpperLayerState.Sta1 or UpperLayerState.Sta4));

        var blank = connected.SelectMany(s => received.Where(e => !UpperLayerStateTable.Lookup(s, e, isRequestor: false).IsDefined).Select(e => $"{e} in {s}")).ToList();

        Assert.Empty(blank);
    }

    /// <summary>PS3.8 Tables 9-6 to 9-9: the next state each action names.</summary>
    [Theory]
    [InlineData("AE-1", "Sta4")]
    [InlineData("AE-2", "Sta5")]
    [InlineData("AE-3", "Sta6")]
    [InlineData("AE-4", "Sta1")]
    [InlineData("AE-5", "Sta2")]
    [InlineData("AE-6", "Sta3")]
    [InlineData("AE-7", "Sta6")]
    [InlineData("AE-8", "Sta13")]
    [InlineData("DT-1", "Sta6")]
    [InlineData("DT-2", "Sta6")]
    [InlineData("AR-1", "Sta7")]
    [InlineData("AR-2", "Sta8")]
    [InlineData("AR-3", "Sta1")]
    [InlineData("AR-4", "Sta13")]
    [InlineData("AR-5", "Sta1")]
    [InlineData("AR-6", "Sta7")]
    [InlineData("AR-7", "Sta8")]
    [InlineData("AR-9", "Sta11")]
    [InlineData("AR-10", "Sta12")]
    [InlineData("AA-1", "Sta13")]
    [InlineData("AA-2", "Sta1")]
    [InlineData("AA-3", "Sta1")]
    [InlineData("AA-4", "Sta1")]
    [InlineData("AA-5", "Sta1")]
    [InlineData("AA-6", "Sta13")]
    [InlineData("AA-7", "Sta13")]
    [InlineData("AA-8", "Sta13")]
    public void NextState_EachAction_IsTheStandards(string action, string next)
    {
        Assert.Equal(State(next), UpperLayerStateTable.NextState(Action(action), isRequestor: false));
        Assert.Equal(State(next), UpperLayerStateTable.NextState(Action(action), isRequestor: true));
    }

    /// <summary>AR-8, the release collision: the requestor goes on to answer (Sta9), the acceptor to wait for that answer (Sta10).</summary>
    [Theory]
    [InlineData(true, "Sta9")]
    [InlineData(false, "Sta10")]
    public void Lookup_ReleaseRequestInSta7_NextStateByRole(bool requestor, string next)
    {
        var transition = UpperLayerStateTable.Lookup(UpperLayerState.Sta7, UpperLayerEvent.Evt12, requestor);

        Assert.Equal(UpperLayerAction.AR8, transition.Action);
        Assert.Equal(State(next), transition.Next);
    }
}
