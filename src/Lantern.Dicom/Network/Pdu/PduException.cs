using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// An inbound PDU that is malformed or over our limits. The association layer answers with an
/// A-ABORT (source service-provider) carrying <see cref="Reason"/>; <see cref="Rejection"/> says
/// precisely what was wrong.
/// </summary>
public sealed class PduException : Exception
{
    public PduException(AbortReason reason, PduRejectionReason rejection, string message)
        : base(message)
    {
        Reason = reason;
        Rejection = rejection;
    }

    public PduException() : this("malformed PDU") { }

    public PduException(string message) : this(AbortReason.NotSpecified, PduRejectionReason.Unspecified, message) { }

    public PduException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The reason to send in the A-ABORT.</summary>
    public AbortReason Reason { get; }

    /// <summary>What was wrong, in detail.</summary>
    public PduRejectionReason Rejection { get; }

    /// <summary>The A-ABORT reason sent for each rejection.</summary>
    public static AbortReason AbortReasonFor(PduRejectionReason rejection) => rejection switch
    {
        PduRejectionReason.Unspecified => AbortReason.NotSpecified,
        PduRejectionReason.UnrecognizedPduType => AbortReason.UnrecognizedPdu,
        PduRejectionReason.DuplicateItem => AbortReason.UnexpectedPduParameter,
        _ => AbortReason.InvalidPduParameterValue,
    };

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void Throw(PduRejectionReason rejection) => throw Create(rejection, null);

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void Throw(PduRejectionReason rejection, string detail) => throw Create(rejection, detail);

    private static PduException Create(PduRejectionReason rejection, string? detail)
    {
        var text = Describe(rejection);
        return new PduException(AbortReasonFor(rejection), rejection, detail is null ? text : $"{text}: {detail}");
    }

    private static string Describe(PduRejectionReason rejection) => rejection switch
    {
        PduRejectionReason.UnrecognizedPduType => "unrecognized PDU type",
        PduRejectionReason.PduLengthAboveLimit => "PDU length above the limit",
        PduRejectionReason.InvalidPduLength => "PDU length invalid for its type",
        PduRejectionReason.ItemRunsPastParent => "item runs past the end of its parent",
        PduRejectionReason.InvalidItemLength => "item length invalid for its type",
        PduRejectionReason.MissingItem => "mandatory item missing",
        PduRejectionReason.DuplicateItem => "item repeated",
        PduRejectionReason.TooManyPresentationContexts => "more than 128 presentation contexts",
        PduRejectionReason.InvalidPresentationContextId => "presentation context id is even",
        PduRejectionReason.DuplicatePresentationContextId => "presentation context id repeated",
        PduRejectionReason.InvalidPresentationContextResult => "presentation context result out of range",
        PduRejectionReason.InvalidUid => "invalid UID",
        PduRejectionReason.InvalidText => "invalid characters in a text field",
        PduRejectionReason.TooManySubItems => "too many user information sub-items",
        PduRejectionReason.InvalidPdvLength => "presentation data value length invalid",
        _ => "malformed PDU",
    };
}
