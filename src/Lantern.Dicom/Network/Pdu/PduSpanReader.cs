using System.Buffers.Binary;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// A forward reader over one PDU body or item. Every read is checked against what is left, so a
/// length running past its parent becomes a <see cref="PduException"/>, never an index error.
/// </summary>
internal ref struct PduSpanReader(ReadOnlySpan<byte> span)
{
    private readonly ReadOnlySpan<byte> _span = span;
    private int _position;

    public readonly bool End => _position == _span.Length;

    public readonly int Remaining => _span.Length - _position;

    public byte ReadByte() => ReadBytes(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            PduException.Throw(PduRejectionReason.ItemRunsPastParent);
        }

        var bytes = _span.Slice(_position, count);
        _position += count;
        return bytes;
    }

    /// <summary>The bytes after a 2-byte big-endian length.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed() => ReadBytes(ReadUInt16());

    public readonly ReadOnlySpan<byte> Rest => _span[_position..];

    /// <summary>
    /// Reads an item or sub-item header (type, reserved, 2-byte length) and returns its content.
    /// </summary>
    public ReadOnlySpan<byte> ReadItem(out byte itemType)
    {
        var header = ReadBytes(4);
        itemType = header[0];
        return ReadBytes(BinaryPrimitives.ReadUInt16BigEndian(header[2..]));
    }
}
