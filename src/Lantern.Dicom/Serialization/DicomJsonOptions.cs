namespace Lantern.Dicom.Serialization;

/// <summary>What <see cref="DicomJsonWriter"/> includes and how it lays the text out.</summary>
public sealed record DicomJsonOptions
{
    /// <summary>The defaults: what DCMTK's <c>dcm2json</c> writes by default, compact.</summary>
    public static DicomJsonOptions Default { get; } = new();

    /// <summary>
    /// Write group length elements (gggg,0000). Off by default: they describe a binary encoding the
    /// JSON model does not have, and <c>dcm2json</c> leaves them out too.
    /// </summary>
    public bool IncludeGroupLengths { get; init; }

    /// <summary>
    /// Write the File Meta Information (group 0002) before the data set. Off by default: PS3.18
    /// models a data set, not a file, and <c>dcm2json</c> writes meta information only with +m.
    /// </summary>
    public bool IncludeFileMetaInformation { get; init; }

    /// <summary>Indent with two spaces, one member per line (as <c>dcm2json</c> does by default).</summary>
    public bool Indented { get; init; }
}
