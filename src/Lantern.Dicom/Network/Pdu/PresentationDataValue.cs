using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// One Presentation Data Value Item of a P-DATA-TF (PS3.8 §9.3.5.1, Annex E): a fragment of a
/// command or data set for one presentation context. <see cref="Data"/> is a slice of the received
/// buffer, not a copy: it is valid until that buffer is advanced past.
/// </summary>
public readonly struct PresentationDataValue(byte presentationContextId, bool isCommand, bool isLast, ReadOnlySequence<byte> data)
{
    public byte PresentationContextId { get; } = presentationContextId;

    /// <summary>Message control header bit 0: a command fragment, else a data set fragment.</summary>
    public bool IsCommand { get; } = isCommand;

    /// <summary>Message control header bit 1: the last fragment of the command or data set.</summary>
    public bool IsLast { get; } = isLast;

    public ReadOnlySequence<byte> Data { get; } = data;
}
