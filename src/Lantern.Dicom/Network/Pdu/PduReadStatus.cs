namespace Lantern.Dicom.Network.Pdu;

/// <summary>What <see cref="PduReader.TryRead"/> found at the start of the buffer.</summary>
public enum PduReadStatus
{
    /// <summary>A whole PDU was there; its body was sliced and the buffer advanced past it.</summary>
    Complete,

    /// <summary>The header or the body is not all there yet; the buffer is unchanged.</summary>
    NeedMoreData,
}
