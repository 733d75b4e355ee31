using System.Globalization;

namespace Lantern.Dicom.Network.Dimse;

/// <summary>
/// Status (0000,0900) of a DIMSE response, classified by the convention of PS3.7 Annex C: Success
/// 0000; Warning 0001, Bxxx, 0107, 0116; Failure Axxx, Cxxx and the rest of 01xx and 02xx; Cancel
/// FE00; Pending FF00 and FF01. A code outside that convention (the standard forbids them) counts as
/// a failure, so that every code falls in exactly one class.
/// </summary>
public readonly record struct DimseStatus(ushort Code)
{
    // Success, cancel and pending (PS3.7 C.1, C.3, C.6).
    public static DimseStatus Success => new(0x0000);
    public static DimseStatus Cancel => new(0xFE00);
    public static DimseStatus Pending => new(0xFF00);

    /// <summary>C-FIND pending, with one or more Optional Keys not supported for matching (PS3.4 C.4.1.1.4).</summary>
    public static DimseStatus PendingOptionalKeysNotSupported => new(0xFF01);

    // Warnings.
    public static DimseStatus RequestedOptionalAttributesNotSupported => new(0x0001);
    public static DimseStatus AttributeListError => new(0x0107);
    public static DimseStatus AttributeValueOutOfRange => new(0x0116);

    /// <summary>C-STORE: the SCP coerced data elements (PS3.4 B.2.3).</summary>
    public static DimseStatus CoercionOfDataElements => new(0xB000);

    /// <summary>C-STORE: the SCP discarded elements (PS3.4 B.2.3).</summary>
    public static DimseStatus ElementsDiscarded => new(0xB006);

    /// <summary>C-STORE: stored although the data set does not match the SOP Class (PS3.4 B.2.3).</summary>
    public static DimseStatus DataSetDoesNotMatchSopClassWarning => new(0xB007);

    // Failures of the general DIMSE statuses (PS3.7 C.5).
    public static DimseStatus NoSuchAttribute => new(0x0105);
    public static DimseStatus InvalidAttributeValue => new(0x0106);
    public static DimseStatus ProcessingFailure => new(0x0110);
    public static DimseStatus DuplicateSopInstance => new(0x0111);
    public static DimseStatus NoSuchSopInstance => new(0x0112);
    public static DimseStatus NoSuchEventType => new(0x0113);
    public static DimseStatus NoSuchArgument => new(0x0114);
    public static DimseStatus InvalidArgumentValue => new(0x0115);
    public static DimseStatus InvalidObjectInstance => new(0x0117);
    public static DimseStatus NoSuchSopClass => new(0x0118);
    public static DimseStatus ClassInstanceConflict => new(0x0119);
    public static DimseStatus MissingAttribute => new(0x0120);
    public static DimseStatus MissingAttributeValue => new(0x0121);
    public static DimseStatus SopClassNotSupported => new(0x0122);
    public static DimseStatus NoSuchActionType => new(0x0123);
    public static DimseStatus NotAuthorized => new(0x0124);
    public static DimseStatus DuplicateInvocation => new(0x0210);
    public static DimseStatus UnrecognizedOperation => new(0x0211);
    public static DimseStatus MistypedArgument => new(0x0212);
    public static DimseStatus ResourceLimitation => new(0x0213);

    // Service-class failures (PS3.4 B.2.3 storage, C.4 query/retrieve).
    public static DimseStatus OutOfResources => new(0xA700);
    public static DimseStatus OutOfResourcesUnableToCalculateMatches => new(0xA701);
    public static DimseStatus OutOfResourcesUnableToPerformSubOperations => new(0xA702);
    public static DimseStatus MoveDestinationUnknown => new(0xA801);
    public static DimseStatus DataSetDoesNotMatchSopClass => new(0xA900);
    public static DimseStatus CannotUnderstand => new(0xC000);

    public bool IsSuccess => Code == 0x0000;

    public bool IsWarning => Code is 0x0001 or 0x0107 or 0x0116 || (Code & 0xF000) == 0xB000;

    public bool IsCancel => Code == 0xFE00;

    public bool IsPending => Code is 0xFF00 or 0xFF01;

    /// <summary>Axxx, Cxxx, 01xx and 02xx but the warnings, and any code outside the convention.</summary>
    public bool IsFailure => !IsSuccess && !IsWarning && !IsCancel && !IsPending;

    /// <summary>
    /// The code's meaning: its own for a code the standard names, else that of its range (A7xx out of
    /// resources, A9xx data set does not match SOP Class, Cxxx cannot understand) or its class. Codes
    /// whose meaning depends on the service (B000 is also C-MOVE's "completed with failures") get the
    /// C-STORE meaning.
    /// </summary>
    public string Describe() => Code switch
    {
        0x0000 => "Success",
        0x0001 => "Requested optional attributes are not supported",
        0x0105 => "No such attribute",
        0x0106 => "Invalid attribute value",
        0x0107 => "Attribute list error",
        0x0110 => "Processing failure",
        0x0111 => "Duplicate SOP Instance",
        0x0112 => "No such SOP Instance",
        0x0113 => "No such event type",
        0x0114 => "No such argument",
        0x0115 => "Invalid argument value",
        0x0116 => "Attribute value out of range",
        0x0117 => "Invalid object instance",
        0x0118 => "No such SOP Class",
        0x0119 => "Class-instance conflict",
        0x0120 => "Missing attribute",
        0x0121 => "Missing attribute value",
        0x0122 => "SOP Class not supported",
        0x0123 => "No such action type",
        0x0124 => "Not authorized",
        0x0210 => "Duplicate invocation",
        0x0211 => "Unrecognized operation",
        0x0212 => "Mistyped argument",
        0x0213 => "Resource limitation",
        0xA701 => "Out of resources: unable to calculate number of matches",
        0xA702 => "Out of resources: unable to perform sub-operations",
        0xA801 => "Move destination unknown",
        0xB000 => "Coercion of data elements",
        0xB006 => "Elements discarded",
        0xB007 => "Data set does not match SOP Class",
        0xFE00 => "Cancel",
        0xFF00 => "Pending",
        0xFF01 => "Pending: optional keys not supported",
        _ when (Code & 0xFF00) == 0xA700 => "Out of resources",
        _ when (Code & 0xFF00) == 0xA900 => "Data set does not match SOP Class",
        _ when (Code & 0xF000) == 0xC000 => "Cannot understand",
        _ when IsWarning => "Warning",
        _ => "Failure",
    };

    /// <summary>The code in hex and its meaning, e.g. "A700 (Out of resources)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code:X4} ({Describe()})");
}
