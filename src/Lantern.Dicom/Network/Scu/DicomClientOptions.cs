namespace Lantern.Dicom.Network.Scu;

/// <summary>Where an SCU connects and how it introduces itself.</summary>
public sealed record DicomClientOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public string CalledApplicationEntityTitle { get; init; } = "ANY-SCP";

    public string CallingApplicationEntityTitle { get; init; } = "LANTERN";

    /// <summary>The largest PDU we accept from the peer, announced in the request.</summary>
    public uint MaximumPduLength { get; init; } = 256 * 1024;

    /// <summary>Connecting, negotiating and each response must finish within this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>DICOM TLS; null for plain TCP.</summary>
    public DicomClientTls? Tls { get; init; }
}
