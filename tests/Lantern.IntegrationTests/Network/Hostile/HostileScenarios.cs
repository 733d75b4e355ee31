using Lantern.Dicom.Network.Dimse;
using Lantern.Dicom.Network.Pdu;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// One hostile peer each, against a running <c>lantern listen</c>, with what PS3.8 (states Sta2 before
/// the association is accepted, Sta6 after, Table 9-10) has the SCP do about it, asserted on the
/// bytes read back from the socket:
/// <list type="bullet">
/// <item>an invalid or unexpected PDU in Sta2: AA-1, an A-ABORT with service-user source (reason not significant);</item>
/// <item>an invalid PDU in Sta6: AA-8, an A-ABORT with service-provider source and a reason;</item>
/// <item>the connection closed, in either state (AA-5, AA-4), or an A-ABORT received (AA-3): nothing is sent back;</item>
/// <item>a C-STORE that cannot be kept: a failure status, and the association goes on;</item>
/// <item>a faulty command set that still names its request: C000 (cannot understand), and the association goes on.</item>
/// </list>
/// After an A-ABORT the peer sends what it still had on the way, then closes its side; the SCP must then close in
/// order (Sta13), not reset.
/// Each scenario also asserts that its instance was not stored. Used one by one
/// (<see cref="HostileInputTests"/>) and all at once beside a good association (<see cref="HostileConcurrencyTests"/>).
/// With <paramref name="exclusive"/> (no other peer writes to the folder) a failure status must also
/// find <c>.incoming</c> empty already: the refused data set's file goes before the peer is answered.
/// </summary>
internal sealed class HostileScenarios(LanternListener listener, SampleInstance sample, bool exclusive)
{
    private const ushort MessageId = 1;

    /// <summary>Every scenario once, with a name for messages.</summary>
    public IEnumerable<(string Name, Func<Task> Run)> All() =>
    [
        ("random bytes before association, seed 1", () => RandomBytesBeforeAssociationAsync(1)),
        ("random bytes after association, seed 2", () => RandomBytesAfterAssociationAsync(2)),
        ("truncated PDU header", TruncatedHeaderAsync),
        ("truncated A-ASSOCIATE-RQ", TruncatedAssociateRequestAsync),
        ("truncated P-DATA-TF", TruncatedDataTransferAsync),
        ("4 GiB A-ASSOCIATE-RQ", FourGigabyteRequestAsync),
        ("4 GiB P-DATA-TF", FourGigabyteDataTransferAsync),
        ("1,000 presentation contexts", ThousandPresentationContextsAsync),
        ("P-DATA on the refused context", () => DataOnUnnegotiatedContextAsync(HostilePdus.RefusedContext)),
        ("P-DATA on an unproposed context", () => DataOnUnnegotiatedContextAsync(HostilePdus.UnproposedContext)),
        ("data set cut by close", DatasetCutByCloseAsync),
        ("data set cut by A-ABORT", DatasetCutByAbortAsync),
        ("command instead of data set", CommandInsteadOfDatasetAsync),
        ("unparseable data set", UnparseableDatasetAsync),
        ("data set of another instance", DatasetOfAnotherInstanceAsync),
        ("C-STORE-RQ without its instance UID", StoreCommandWithoutInstanceUidAsync),
        ("C-ECHO-RQ without its SOP class", EchoCommandWithoutSopClassAsync),
        ("C-FIND-RQ with a data set", FindWithDatasetAsync),
        ("valid store (control)", ValidStoreAsync),
    ];

    /// <summary>Random bytes as the first PDU: AA-1, then an orderly close.</summary>
    public async Task RandomBytesBeforeAssociationAsync(int seed)
    {
        using var connection = await RawDicomConnection.ConnectAsync(listener.Port);
        await connection.SendAsync(HostilePdus.RandomBytes(seed));
        await ExpectAbortAsync(connection, AbortSource.ServiceUser, AbortReason.NotSpecified);
    }

    /// <summary>Random bytes after a valid association: AA-8, reason 1 (unrecognized PDU).</summary>
    public async Task RandomBytesAfterAssociationAsync(int seed)
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendAsync(HostilePdus.RandomBytes(seed));
        await ExpectAbortAsync(connection, AbortSource.ServiceProvider, AbortReason.UnrecognizedPdu);
    }

    /// <summary>Three bytes of a PDU header, then the connection closed: nothing comes back (Sta2, AA-5).</summary>
    public async Task TruncatedHeaderAsync()
    {
        using var connection = await RawDicomConnection.ConnectAsync(listener.Port);
        await connection.SendAsync(new byte[] { (byte)PduType.AssociateRequest, 0, 0 });
        await connection.ExpectOrderlyCloseAsync();
    }

    /// <summary>The first 100 bytes of a valid A-ASSOCIATE-RQ whose header promises more, then closed: nothing comes back.</summary>
    public async Task TruncatedAssociateRequestAsync()
    {
        using var connection = await RawDicomConnection.ConnectAsync(listener.Port);
        var request = new System.Buffers.ArrayBufferWriter<byte>();
        HostilePdus.Request().WriteTo(request);
        await connection.SendAsync(request.WrittenMemory[..100]);
        await connection.ExpectOrderlyCloseAsync();
    }

    /// <summary>
    /// In an association, a C-STORE-RQ, then a P-DATA-TF header promising 10,000 bytes with 500 of them,
    /// then closed: nothing comes back (Sta6, AA-4), nothing is stored.
    /// </summary>
    public async Task TruncatedDataTransferAsync()
    {
        var uid = SampleInstance.FreshUid();
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, uid);
        await connection.SendAsync(HostilePdus.Header(PduType.DataTransfer, 10_000));
        await connection.SendAsync(new byte[500]);
        await connection.ExpectOrderlyCloseAsync();
        AssertNotStored(uid);
    }

    /// <summary>A-ASSOCIATE-RQ header declaring 4 GiB, then 64 KiB: refused from the header (AA-1), not buffered.</summary>
    public async Task FourGigabyteRequestAsync()
    {
        using var connection = await RawDicomConnection.ConnectAsync(listener.Port);
        await connection.SendAsync(HostilePdus.Header(PduType.AssociateRequest, HostilePdus.FourGigabytes));
        await connection.SendAsync(new byte[64 * 1024]);
        await ExpectAbortAsync(connection, AbortSource.ServiceUser, AbortReason.NotSpecified);
    }

    /// <summary>P-DATA-TF header declaring 4 GiB (above the announced maximum), then 64 KiB: AA-8, reason 6 (invalid parameter value).</summary>
    public async Task FourGigabyteDataTransferAsync()
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendAsync(HostilePdus.Header(PduType.DataTransfer, HostilePdus.FourGigabytes));
        await connection.SendAsync(new byte[64 * 1024]);
        await ExpectAbortAsync(connection, AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue);
    }

    /// <summary>
    /// An A-ASSOCIATE-RQ with 1,000 presentation contexts: ids are odd bytes, so at most 128 can be told
    /// apart and this PDU is invalid (not merely unacceptable): AA-1.
    /// </summary>
    public async Task ThousandPresentationContextsAsync()
    {
        using var connection = await RawDicomConnection.ConnectAsync(listener.Port);
        await connection.SendAsync(HostilePdus.ManyPresentationContexts(1000));
        await ExpectAbortAsync(connection, AbortSource.ServiceUser, AbortReason.NotSpecified);
    }

    /// <summary>A C-ECHO-RQ on a presentation context that was not accepted: AA-8, reason 6.</summary>
    public async Task DataOnUnnegotiatedContextAsync(byte contextId)
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendCommandAsync(DimseCommand.CreateEchoRequest(MessageId), contextId);
        await ExpectAbortAsync(connection, AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue);
    }

    /// <summary>A C-STORE whose data set stops at 40 % and the connection closes: nothing comes back, nothing is stored.</summary>
    public async Task DatasetCutByCloseAsync()
    {
        var uid = SampleInstance.FreshUid();
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, uid);
        await connection.SendDatasetAsync(sample.Dataset.AsMemory(0, sample.Dataset.Length * 2 / 5), complete: false);
        await connection.ExpectOrderlyCloseAsync();
        AssertNotStored(uid);
    }

    /// <summary>A C-STORE whose data set stops at 40 % with an A-ABORT: nothing comes back (AA-3), nothing is stored.</summary>
    public async Task DatasetCutByAbortAsync()
    {
        var uid = SampleInstance.FreshUid();
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, uid);
        await connection.SendDatasetAsync(sample.Dataset.AsMemory(0, sample.Dataset.Length * 2 / 5), complete: false);
        await connection.SendAbortAsync();
        await connection.ExpectOrderlyCloseAsync();
        AssertNotStored(uid);
    }

    /// <summary>A C-STORE-RQ command, then a C-ECHO-RQ command where its data set belongs: AA-8, reason 5 (unexpected PDU parameter).</summary>
    public async Task CommandInsteadOfDatasetAsync()
    {
        var uid = SampleInstance.FreshUid();
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, uid);
        await connection.SendCommandAsync(DimseCommand.CreateEchoRequest(MessageId + 1), HostilePdus.CtContext);
        await ExpectAbortAsync(connection, AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter);
        AssertNotStored(uid);
    }

    /// <summary>
    /// A C-STORE whose data set is 64 KiB of noise: C000 (cannot understand), nothing kept, and the
    /// association goes on (a C-ECHO succeeds, the release is answered).
    /// </summary>
    public async Task UnparseableDatasetAsync()
    {
        var uid = SampleInstance.FreshUid();
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, uid);
        await connection.SendDatasetAsync(HostilePdus.RandomBytes(seed: 7, 64 * 1024));
        var response = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseCommandField.CStoreResponse, response.CommandField);
        Assert.Equal(DimseStatus.CannotUnderstand, response.Status);
        AssertNoIncomingFilesIfExclusive();
        await EchoAndReleaseAsync(connection);
        AssertNotStored(uid);
    }

    /// <summary>A C-STORE whose data set is another instance than the command names: A900, nothing kept, the association goes on.</summary>
    public async Task DatasetOfAnotherInstanceAsync()
    {
        var uid = SampleInstance.FreshUid();
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, uid);
        await connection.SendDatasetAsync(sample.Dataset);
        var response = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, response.Status);
        AssertNoIncomingFilesIfExclusive();
        await EchoAndReleaseAsync(connection);
        AssertNotStored(uid);
    }

    /// <summary>
    /// A C-STORE-RQ that lacks Affected SOP Instance UID, its data set following: the command still names its message,
    /// so the data set is dropped and answered C000 to that Message ID, and the association goes on.
    /// </summary>
    public async Task StoreCommandWithoutInstanceUidAsync()
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        var command = new DimseCommand(DimseCommandField.CStoreRequest) { MessageId = MessageId, AffectedSopClassUid = sample.SopClassUid, HasDataset = true };
        await connection.SendCommandAsync(command, HostilePdus.CtContext);
        await connection.SendDatasetAsync(HostilePdus.RandomBytes(seed: 11, 4096));
        var response = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseCommandField.CStoreResponse, response.CommandField);
        Assert.Equal(MessageId, response.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.CannotUnderstand, response.Status);
        AssertNoIncomingFilesIfExclusive();
        await EchoAndReleaseAsync(connection);
    }

    /// <summary>A C-ECHO-RQ without Affected SOP Class UID (no data set): answered C000 at once, the association goes on.</summary>
    public async Task EchoCommandWithoutSopClassAsync()
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendCommandAsync(new DimseCommand(DimseCommandField.CEchoRequest) { MessageId = MessageId }, HostilePdus.VerificationContext);
        var response = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseCommandField.CEchoResponse, response.CommandField);
        Assert.Equal(MessageId, response.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.CannotUnderstand, response.Status);
        await EchoAndReleaseAsync(connection);
    }

    /// <summary>A C-FIND-RQ, which this SCP does not provide, with its identifier: 0211 after the data set, in a C-FIND-RSP.</summary>
    public async Task FindWithDatasetAsync()
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        var find = new DimseCommand(DimseCommandField.CFindRequest) { MessageId = MessageId, AffectedSopClassUid = sample.SopClassUid, Priority = DimsePriority.Medium, HasDataset = true };
        await connection.SendCommandAsync(find, HostilePdus.CtContext);
        await connection.SendDatasetAsync(HostilePdus.RandomBytes(seed: 12, 512));
        var response = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseCommandField.CFindResponse, response.CommandField);
        Assert.Equal(DimseStatus.UnrecognizedOperation, response.Status);
        await EchoAndReleaseAsync(connection);
    }

    /// <summary>The control: the raw client stores <see cref="SampleInstance"/> properly and gets 0000, the file is there, whole.</summary>
    public async Task ValidStoreAsync()
    {
        using var connection = await RawDicomConnection.AssociateAsync(listener.Port);
        await connection.SendStoreCommandAsync(MessageId, sample.SopClassUid, sample.SopInstanceUid);
        await connection.SendDatasetAsync(sample.Dataset);
        var response = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(sample.SopInstanceUid, response.AffectedSopInstanceUid);
        Assert.Equal(sample.Dataset, SampleInstance.DatasetBytes(listener.PathOf(sample.SopInstanceUid)));
        await connection.ReleaseAsync();
    }

    private static async Task ExpectAbortAsync(RawDicomConnection connection, AbortSource source, AbortReason reason)
    {
        var pdu = await connection.ReceivePduAsync();
        Assert.True(pdu is not null, "the SCP closed the connection without an A-ABORT");
        var abort = pdu!.AsAbort();
        Assert.Equal(source, abort.Source);
        Assert.Equal(reason, abort.Reason);

        // A peer streaming a data set still has P-DATA on the way when the A-ABORT reaches it. The SCP,
        // now in Sta13, ignores it (AA-6) and waits for the peer to close; closing first with those bytes
        // unread would reset the connection, and a reset may cost the peer the A-ABORT itself.
        try
        {
            await connection.SendDatasetAsync(new byte[256 * 1024], complete: false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Assert.Fail($"the SCP dropped the connection after its A-ABORT instead of waiting for the peer to close (Sta13): {e.SocketErrorCode}");
        }

        await connection.ExpectOrderlyCloseAsync();
    }

    private static async Task EchoAndReleaseAsync(RawDicomConnection connection)
    {
        await connection.SendCommandAsync(DimseCommand.CreateEchoRequest(MessageId + 1), HostilePdus.VerificationContext);
        var echo = await connection.ReceiveCommandAsync();
        Assert.Equal(DimseStatus.Success, echo.Status);
        await connection.ReleaseAsync();
    }

    private void AssertNoIncomingFilesIfExclusive()
    {
        if (exclusive)
        {
            listener.AssertNoIncomingFiles();
        }
    }

    private void AssertNotStored(string sopInstanceUid) =>
        Assert.False(File.Exists(listener.PathOf(sopInstanceUid)), $"{sopInstanceUid}.dcm is visible as received, but it never got a success status");
}
