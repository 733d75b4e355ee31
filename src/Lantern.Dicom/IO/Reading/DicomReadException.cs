using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.Reading;

/// <summary>
/// The input is not a data set we can read: truncated, a length past the end, a bad VR, nesting too
/// deep. Names the byte offset (in the decoded stream: after inflation for deflated files) and the
/// tag being read when it is known.
/// </summary>
public sealed class DicomReadException : Exception
{
    public DicomReadException(string reason, long offset, DicomTag? tag = null, Exception? innerException = null)
        : base(Describe(reason, offset, tag), innerException)
    {
        Reason = reason;
        Offset = offset;
        Tag = tag;
    }

    public DicomReadException() : this("unreadable input", 0) { }

    public DicomReadException(string message) : this(message, 0) { }

    public DicomReadException(string message, Exception innerException) : this(message, 0, null, innerException) { }

    public string Reason { get; }

    public long Offset { get; }

    public DicomTag? Tag { get; }

    private static string Describe(string reason, long offset, DicomTag? tag) =>
        tag is { } t ? $"{reason} (at byte {offset}, tag {t})" : $"{reason} (at byte {offset})";
}
