namespace Lantern.IntegrationTests.Support;

/// <summary>
/// Orthanc's answer to a synchronous <c>POST /modalities/{name}/store</c>: how many instances it
/// sent and how many the peer refused, with the whole JSON for messages.
/// </summary>
internal sealed record OrthancStoreResult(int InstancesCount, int FailedInstancesCount, string Json);
