using Lantern.Dicom.Network.Pdu;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// Peers that connect and then say nothing, against <see cref="ShortTimeoutListenerFixture"/>.
/// Only what the SCP does when the timer runs out is asserted, never when: the reads wait up to
/// <see cref="RawDicomConnection.ReadTimeout"/>.
/// </summary>
public sealed class TimeoutTests(ShortTimeoutListenerFixture fixture) : IClassFixture<ShortTimeoutListenerFixture>
{
    /// <summary>No A-ASSOCIATE-RQ within ARTIM: the SCP closes the connection and sends nothing (Sta2, Evt18, AA-2).</summary>
    [Fact]
    public async Task Connection_NoAssociateRequest_ClosedWithoutPduWhenArtimExpires()
    {
        using var connection = await RawDicomConnection.ConnectAsync(fixture.Host.Listener.Port);

        var pdu = await connection.ReceivePduAsync();

        Assert.True(pdu is null, $"expected the connection closed without a PDU, received {pdu}");
    }

    /// <summary>
    /// An accepted association, then silence: the SCP gives up on it, an A-ABORT request of its own (Sta6,
    /// Evt15, AA-1: source service-user; PS3.8 runs no timer in Sta6 that would make it the provider's), and
    /// closes in order.
    /// </summary>
    [Fact]
    public async Task Association_Idle_AbortedByServiceUser()
    {
        using var connection = await RawDicomConnection.AssociateAsync(fixture.Host.Listener.Port);

        var abort = (await connection.ReceivePduAsync())?.AsAbort();

        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), abort);
        await connection.ExpectOrderlyCloseAsync();
        fixture.Host.Listener.AssertNoIncomingFiles();
    }

    /// <summary>Silence in the middle of a data set: the same abort, and the partial file is gone, the instance not stored.</summary>
    [Fact]
    public async Task Association_IdleInsideDataset_AbortedAndNothingKept()
    {
        var sample = fixture.Host.Sample;
        using var connection = await RawDicomConnection.AssociateAsync(fixture.Host.Listener.Port);
        await connection.SendStoreCommandAsync(1, sample.SopClassUid, sample.SopInstanceUid);
        await connection.SendDatasetAsync(sample.Dataset.AsMemory(0, sample.Dataset.Length / 2), complete: false);

        var abort = (await connection.ReceivePduAsync())?.AsAbort();

        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), abort);
        await connection.ExpectOrderlyCloseAsync();
        fixture.Host.Listener.AssertNoIncomingFiles();
        Assert.Empty(fixture.Host.Listener.StoredInstanceUids());
    }
}
