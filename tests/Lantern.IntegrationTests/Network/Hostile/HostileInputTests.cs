namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// Each hostile peer of <see cref="HostileScenarios"/> on its own against one <c>lantern listen</c>:
/// the answer PS3.8 asks for (asserted in the scenario), and once the connection is gone nothing in
/// <c>.incoming</c> and no instance visible that got no success status. The listener serves every
/// test of the class in turn, so each test also shows that the ones before did not harm it.
/// </summary>
public sealed class HostileInputTests(DefaultListenerFixture fixture) : IClassFixture<DefaultListenerFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task RandomBytes_BeforeAssociation_AbortedByServiceUserThenClosed(int seed) =>
        RunAsync(() => fixture.Host.Scenarios.RandomBytesBeforeAssociationAsync(seed));

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public Task RandomBytes_AfterAssociation_AbortedUnrecognizedPdu(int seed) =>
        RunAsync(() => fixture.Host.Scenarios.RandomBytesAfterAssociationAsync(seed));

    [Fact]
    public Task TruncatedHeader_ThenClosed_ClosedWithoutAnswer() => RunAsync(fixture.Host.Scenarios.TruncatedHeaderAsync);

    [Fact]
    public Task TruncatedAssociateRequest_ThenClosed_ClosedWithoutAnswer() => RunAsync(fixture.Host.Scenarios.TruncatedAssociateRequestAsync);

    [Fact]
    public Task TruncatedDataTransfer_ThenClosed_ClosedWithoutAnswerNothingKept() => RunAsync(fixture.Host.Scenarios.TruncatedDataTransferAsync);

    [Fact]
    public Task AssociateRequest_DeclaringFourGigabytes_AbortedByServiceUser() => RunAsync(fixture.Host.Scenarios.FourGigabyteRequestAsync);

    [Fact]
    public Task DataTransfer_DeclaringFourGigabytes_AbortedInvalidParameterValue() => RunAsync(fixture.Host.Scenarios.FourGigabyteDataTransferAsync);

    [Fact]
    public Task AssociateRequest_ThousandPresentationContexts_AbortedByServiceUser() => RunAsync(fixture.Host.Scenarios.ThousandPresentationContextsAsync);

    [Theory]
    [InlineData(HostilePdus.RefusedContext)]
    [InlineData(HostilePdus.UnproposedContext)]
    public Task DataTransfer_OnUnnegotiatedContext_AbortedInvalidParameterValue(byte contextId) =>
        RunAsync(() => fixture.Host.Scenarios.DataOnUnnegotiatedContextAsync(contextId));

    [Fact]
    public Task CStore_DatasetCutByClose_ClosedWithoutAnswerNothingKept() => RunAsync(fixture.Host.Scenarios.DatasetCutByCloseAsync);

    [Fact]
    public Task CStore_DatasetCutByAbort_ClosedWithoutAnswerNothingKept() => RunAsync(fixture.Host.Scenarios.DatasetCutByAbortAsync);

    [Fact]
    public Task CStore_CommandInsteadOfDataset_AbortedUnexpectedParameterNothingKept() => RunAsync(fixture.Host.Scenarios.CommandInsteadOfDatasetAsync);

    [Fact]
    public Task CStore_UnparseableDataset_CannotUnderstandAndAssociationGoesOn() => RunAsync(fixture.Host.Scenarios.UnparseableDatasetAsync);

    [Fact]
    public Task CStore_DatasetOfAnotherInstance_A900AndAssociationGoesOn() => RunAsync(fixture.Host.Scenarios.DatasetOfAnotherInstanceAsync);

    [Fact]
    public Task CStore_CommandWithoutInstanceUid_CannotUnderstandAndAssociationGoesOn() => RunAsync(fixture.Host.Scenarios.StoreCommandWithoutInstanceUidAsync);

    [Fact]
    public Task CEcho_CommandWithoutSopClass_CannotUnderstandAndAssociationGoesOn() => RunAsync(fixture.Host.Scenarios.EchoCommandWithoutSopClassAsync);

    [Fact]
    public Task CFind_WithDataset_UnrecognizedOperationAfterTheDataset() => RunAsync(fixture.Host.Scenarios.FindWithDatasetAsync);

    [Fact]
    public Task CStore_ValidInstanceFromRawClient_StoredWhole() => RunAsync(fixture.Host.Scenarios.ValidStoreAsync);

    /// <summary>Runs one scenario, then checks the folder: no temporary file, only the control instance (if stored) visible.</summary>
    private async Task RunAsync(Func<Task> scenario)
    {
        await scenario();
        var listener = fixture.Host.Listener;
        listener.AssertNoIncomingFiles();
        Assert.Empty(listener.OtherFiles());
        Assert.True(
            listener.StoredInstanceUids().All(uid => uid == fixture.Host.Sample.SopInstanceUid),
            $"visible as received: {string.Join(", ", listener.StoredInstanceUids())}");
        Assert.False(listener.Process.HasExited, $"lantern listen exited:\n{listener.Process.Output}");
    }
}
