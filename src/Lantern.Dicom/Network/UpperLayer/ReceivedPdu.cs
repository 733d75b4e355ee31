using System.Buffers;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.UpperLayer;

/// <summary>A PDU's type and body (after the 6-byte header), valid until the channel releases it.</summary>
internal readonly record struct ReceivedPdu(PduType Type, ReadOnlySequence<byte> Body);
