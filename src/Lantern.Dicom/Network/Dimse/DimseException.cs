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

    private DimseException(DimseException fault, DimseCommand request)
        : base(fault.Message, fault.InnerException)
    {
        Tag = fault.Tag;
        Request = request;
    }

    /// <summary>The command element at fault, when one is.</summary>
    public DicomTag? Tag { get; }

    /// <summary>
    /// The request as read, when its elements were readable and it still names a message to answer: the Command
    /// Field of a request (not C-CANCEL), a Message ID and a Command Data Set Type. Null otherwise.
    /// </summary>
    public DimseCommand? Request { get; }

    /// <summary>This fault, with the request it leaves answerable.</summary>
    internal DimseException WithRequest(DimseCommand request) => new(this, request);
}
