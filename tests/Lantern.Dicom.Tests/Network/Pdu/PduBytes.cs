using System.Buffers;
using System.Text;

namespace Lantern.Dicom.Tests.Network.Pdu;

/// <summary>Building PDUs by hand, and cutting byte arrays into multi-segment sequences.</summary>
internal static class PduBytes
{
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A 16-byte space-padded AE title field.</summary>
    public static byte[] AeTitle(string title) => Ascii(title.PadRight(16));

    public static byte[] UInt16(int value) => [(byte)(value >> 8), (byte)value];

    public static byte[] UInt32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    /// <summary>An item or sub-item: type, reserved, 2-byte length, content.</summary>
    public static byte[] Item(byte type, params byte[][] content)
    {
        var body = Concat(content);
        return Concat([type, 0], UInt16(body.Length), body);
    }

    /// <summary>A whole PDU: type, reserved, 4-byte length, body.</summary>
    public static byte[] Pdu(byte type, byte[] body) => Concat([type, 0], UInt32((uint)body.Length), body);

    /// <summary>The fixed fields of an A-ASSOCIATE body: version 1, reserved, AE titles, 32 reserved bytes.</summary>
    public static byte[] AssociateFixedFields(string called, string calling) =>
        Concat(UInt16(1), [0, 0], AeTitle(called), AeTitle(calling), new byte[32]);

    /// <summary>One segment per piece, cut at the given offsets.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var offsets = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToArray();
        var first = new BufferSegment(bytes.AsMemory(0, offsets[0]));
        var last = first;
        for (var i = 1; i < offsets.Length; i++)
        {
            last = last.Append(bytes.AsMemory(offsets[i - 1], offsets[i] - offsets[i - 1]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> EveryByteASegment(byte[] bytes) =>
        Split(bytes, [.. Enumerable.Range(1, Math.Max(0, bytes.Length - 1))]);

    public static byte[] Written(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The body of a PDU written by <paramref name="write"/> (its 6-byte header removed).</summary>
    public static ReadOnlySequence<byte> Body(Action<IBufferWriter<byte>> write) => new(Written(write).AsMemory(6));
}
