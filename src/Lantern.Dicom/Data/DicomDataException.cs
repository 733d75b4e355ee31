namespace Lantern.Dicom.Data;

/// <summary>A data set does not hold what the caller asked for: a missing element, another VR, a value that does not parse.</summary>
public sealed class DicomDataException : Exception
{
    public DicomDataException(DicomTag tag, string message)
        : base($"{tag}: {message}")
    {
        Tag = tag;
    }

    public DicomDataException(string message) : base(message) { }

    public DicomDataException(string message, Exception innerException) : base(message, innerException) { }

    public DicomDataException() { }

    public DicomTag Tag { get; }
}
