namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// Why an inbound PDU was refused, in more detail than the <see cref="AbortReason"/> sent to the
/// peer: for logs and tests. Each maps to one <see cref="AbortReason"/> (see <see cref="PduException"/>).
/// </summary>
public enum PduRejectionReason
{
    /// <summary>Not given (an exception made with a message only).</summary>
    Unspecified = 0,

    /// <summary>The PDU-type byte is not one of the seven PDUs.</summary>
    UnrecognizedPduType,

    /// <summary>The declared PDU length is above the limit we accept.</summary>
    PduLengthAboveLimit,

    /// <summary>The declared PDU length cannot hold this PDU type (a fixed-size PDU not 4 bytes, an A-ASSOCIATE shorter than its fixed fields).</summary>
    InvalidPduLength,

    /// <summary>An item or sub-item declares more bytes than its parent holds.</summary>
    ItemRunsPastParent,

    /// <summary>An item's length does not fit its fixed structure.</summary>
    InvalidItemLength,

    /// <summary>A mandatory item is missing.</summary>
    MissingItem,

    /// <summary>An item that may occur once occurs again.</summary>
    DuplicateItem,

    /// <summary>More presentation contexts than distinct odd ids (128).</summary>
    TooManyPresentationContexts,

    /// <summary>A presentation context id that is even.</summary>
    InvalidPresentationContextId,

    /// <summary>Two presentation contexts with the same id.</summary>
    DuplicatePresentationContextId,

    /// <summary>An A-ASSOCIATE-AC presentation context result outside 0-4.</summary>
    InvalidPresentationContextResult,

    /// <summary>A UID that is empty, longer than 64 characters, or not printable ASCII.</summary>
    InvalidUid,

    /// <summary>A text field (AE title, implementation version name) with bytes outside printable ASCII.</summary>
    InvalidText,

    /// <summary>More repeated user information sub-items than presentation contexts can use.</summary>
    TooManySubItems,

    /// <summary>A presentation data value shorter than 2 bytes or running past the P-DATA-TF body.</summary>
    InvalidPdvLength,
}
