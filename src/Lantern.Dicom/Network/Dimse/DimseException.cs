using Lantern.Dicom.Data;

namespace Lantern.Dicom.Network.Dimse;

/// <summary>
/// A command set that is not a valid DIMSE command: unreadable, lengths that disagree, an element
/// outside group 0000, or a mandatory element missing. A service provider answers such a request with
/// C000 (Cannot understand) when it can still name the message, else aborts the association.
/// </summary>
public sealed class DimseException : Exception
{
    public DimseException() : base("Malformed DIMSE command set.") { }

    public DimseException(string message) : base(message) { }

    public DimseException(string message, Exception innerException) : base(message, innerException) { }

    public DimseException(string message, DicomTag tag, Exception? innerException = null)
        : base($"{message} {tag}", innerException)
    {
        Tag = tag;
    }

    /// <summary>The command element at fault, when one is.</summary>
    public DicomTag? Tag { get; }
}
