using System.Buffers;
using System.Text;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>
/// The text fields of PDUs: AE titles (16 bytes, space padded, PS3.8 §9.3.2), UIDs (PS3.8 Annex F)
/// and the implementation version name; decoding validates and allocates only the string.
/// </summary>
internal static class PduText
{
    public const int AeTitleLength = 16;
    public const int MaxUidLength = 64;
    public const int MaxVersionNameLength = 16;

    private static ReadOnlySpan<byte> Padding => " \0"u8;

    /// <summary>A UID: trailing NULs and spaces trimmed; 1 to 64 printable ASCII characters without spaces.</summary>
    public static string ReadUid(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes.TrimEnd(Padding);
        if (bytes.IsEmpty || bytes.Length > MaxUidLength || bytes.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
        {
            PduException.Throw(PduRejectionReason.InvalidUid);
        }

        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Short text (the implementation version name): trailing NULs and spaces trimmed; printable ASCII.</summary>
    public static string ReadText(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes.TrimEnd(Padding);
        if (bytes.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            PduException.Throw(PduRejectionReason.InvalidText);
        }

        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>
    /// An AE title field: leading and trailing spaces (and trailing NULs) trimmed. Strict: printable
    /// ASCII without backslash, as the AE VR allows; lenient (the A-ASSOCIATE-AC echo, which is not
    /// to be tested): anything, non-ASCII bytes read as '?'. Empty is returned as "", for the
    /// association layer to reject as it sees fit.
    /// </summary>
    public static string ReadAeTitle(ReadOnlySpan<byte> field, bool strict)
    {
        field = field.TrimStart((byte)' ').TrimEnd(Padding);
        if (strict && (field.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E) || field.Contains((byte)'\\')))
        {
            PduException.Throw(PduRejectionReason.InvalidText, "AE title");
        }

        return Encoding.ASCII.GetString(field);
    }

    public static bool IsValidUid(string? value) =>
        value is { Length: > 0 and <= MaxUidLength } && !value.AsSpan().ContainsAnyExceptInRange('!', '~');

    public static bool IsValidAeTitle(string? value, bool allowEmpty) =>
        value is { Length: <= AeTitleLength }
        && !value.AsSpan().ContainsAnyExceptInRange(' ', '~')
        && !value.Contains('\\', StringComparison.Ordinal)
        && (allowEmpty || !string.IsNullOrWhiteSpace(value));

    public static bool IsValidText(string? value, int maxLength) =>
        value is not null && value.Length <= maxLength && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');

    /// <summary>Writes ASCII text already validated; returns the bytes written.</summary>
    public static int WriteAscii(Span<byte> destination, string value)
    {
        var status = System.Text.Ascii.FromUtf16(value, destination, out var written);
        if (status != OperationStatus.Done)
        {
            throw new InvalidOperationException($"'{value}' is not ASCII text that fits its field.");
        }

        return written;
    }

    /// <summary>Writes a 16-byte AE title field, left-justified and space padded.</summary>
    public static void WriteAeTitle(Span<byte> field, string value)
    {
        field[..AeTitleLength].Fill((byte)' ');
        WriteAscii(field, value);
    }
}
