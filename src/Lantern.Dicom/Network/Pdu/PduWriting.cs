using System.Buffers;
using System.Buffers.Binary;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>Headers and small items written straight into the caller's buffer.</summary>
internal static class PduWriting
{
    public const int ItemHeaderLength = 4;

    /// <summary>The 6-byte PDU header: type, reserved, 4-byte length of what follows.</summary>
    public static void WriteHeader(Span<byte> span, PduType type, uint length)
    {
        span[0] = (byte)type;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], length);
    }

    /// <summary>The 4-byte item header: type, reserved, 2-byte length of what follows.</summary>
    public static void WriteItemHeader(Span<byte> span, byte itemType, int length)
    {
        span[0] = itemType;
        span[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
    }

    /// <summary>An item whose content is one ASCII string (application context, syntaxes, UIDs, version name).</summary>
    public static void WriteTextItem(IBufferWriter<byte> writer, byte itemType, string value)
    {
        var size = ItemHeaderLength + value.Length;
        var span = writer.GetSpan(size);
        WriteItemHeader(span, itemType, value.Length);
        PduText.WriteAscii(span.Slice(ItemHeaderLength, value.Length), value);
        writer.Advance(size);
    }

    /// <summary>Checks that an item's content fits its 2-byte length field.</summary>
    public static int CheckItemLength(int contentLength, string what)
    {
        if (contentLength > ushort.MaxValue)
        {
            throw new InvalidOperationException($"The {what} holds {contentLength} bytes; an item holds at most {ushort.MaxValue}.");
        }

        return contentLength;
    }

    public static string CheckUid(string? value, string what) =>
        PduText.IsValidUid(value)
            ? value!
            : throw new InvalidOperationException($"The {what} '{value}' is not a UID (1 to {PduText.MaxUidLength} printable ASCII characters).");
}
