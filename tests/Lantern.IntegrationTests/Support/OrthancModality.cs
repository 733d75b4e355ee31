namespace Lantern.IntegrationTests.Support;

/// <summary>A DICOM peer that Orthanc may send to: one entry of its "DicomModalities" (name → [AET, host, port]).</summary>
internal sealed record OrthancModality(string AeTitle, string Host, int Port)
{
    /// <summary>A peer on 127.0.0.1.</summary>
    public static OrthancModality Loopback(string aeTitle, int port) => new(aeTitle, "127.0.0.1", port);
}
