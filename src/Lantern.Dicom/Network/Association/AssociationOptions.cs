using Lantern.Dicom.Data;

namespace Lantern.Dicom.Network.Association;

/// <summary>What an SCP accepts when a peer asks for an association (documented in the Conformance Statement).</summary>
public sealed record AssociationOptions
{
    /// <summary>The called AE title we answer to; other called titles are rejected (reason 7).</summary>
    public string ApplicationEntityTitle { get; init; } = "LANTERN";

    /// <summary>Calling AE titles allowed to associate; null allows any (reason 3 otherwise).</summary>
    public IReadOnlySet<string>? AllowedCallingApplicationEntityTitles { get; init; }

    /// <summary>Associations open at once; one more is rejected as transient congestion.</summary>
    public int MaximumAssociations { get; init; } = 16;

    /// <summary>
    /// Transfer syntaxes we accept, most preferred first: for each presentation context the first of
    /// these that the peer proposed is accepted. Compressed syntaxes are stored as received.
    /// </summary>
    public IReadOnlyList<string> TransferSyntaxPreference { get; init; } =
    [
        TransferSyntax.ExplicitVRLittleEndian.Uid,
        TransferSyntax.ImplicitVRLittleEndian.Uid,
        TransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
        TransferSyntax.ExplicitVRBigEndian.Uid,
        "1.2.840.10008.1.2.4.70", // JPEG Lossless, first-order prediction
        "1.2.840.10008.1.2.4.57", // JPEG Lossless
        "1.2.840.10008.1.2.4.80", // JPEG-LS Lossless
        "1.2.840.10008.1.2.4.90", // JPEG 2000 Lossless
        "1.2.840.10008.1.2.5",    // RLE Lossless
        "1.2.840.10008.1.2.4.50", // JPEG Baseline
        "1.2.840.10008.1.2.4.51", // JPEG Extended
        "1.2.840.10008.1.2.4.81", // JPEG-LS Near-Lossless
        "1.2.840.10008.1.2.4.91", // JPEG 2000
    ];

    /// <summary>Abstract syntaxes we accept: Verification and every storage SOP class, unless set.</summary>
    public Func<string, bool> IsAbstractSyntaxSupported { get; init; } =
        uid => uid == DicomUid.Verification.Value || DicomUid.Lookup(uid).IsStorageSopClass;

    /// <summary>The largest PDU we accept, announced to the peer; larger inbound PDUs abort the association.</summary>
    public uint MaximumPduLength { get; init; } = 256 * 1024;

    /// <summary>How long a peer may take to send its A-ASSOCIATE-RQ, or to close after a reject or release (ARTIM).</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An association silent this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
