namespace Lantern.Dicom.IO.Writing;

/// <summary>Choices the standard leaves to the writer.</summary>
public sealed record DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>
    /// Sequences and items with undefined length and delimiters (DCMTK's default for SQ), or with
    /// defined lengths computed before writing.
    /// </summary>
    public bool UndefinedSequenceLengths { get; init; } = true;

    /// <summary>Source Application Entity Title (0002,0016) to record, e.g. the calling AE of a C-STORE.</summary>
    public string? SourceApplicationEntityTitle { get; init; }
}
