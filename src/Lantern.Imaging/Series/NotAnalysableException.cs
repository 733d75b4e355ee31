namespace Lantern.Imaging.Series;

/// <summary>
/// A series that cannot become a CT volume, with a reason meant to be shown as it is
/// ("not analysable: " + <see cref="Exception.Message"/>). Messages name positions, counts, instance
/// numbers and syntaxes, never patient data.
/// </summary>
public sealed class NotAnalysableException : Exception
{
    public NotAnalysableException(NotAnalysableReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public NotAnalysableException() : this(NotAnalysableReason.NoImages, "no images") { }

    public NotAnalysableException(string message) : this(NotAnalysableReason.NoImages, message) { }

    public NotAnalysableException(string message, Exception innerException) : this(NotAnalysableReason.UnreadableInstance, message, innerException) { }

    public NotAnalysableReason Reason { get; }
}
