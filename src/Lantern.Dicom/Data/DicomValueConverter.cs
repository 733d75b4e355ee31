using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Lantern.Dicom.IO.CharacterSets;

namespace Lantern.Dicom.Data;

/// <summary>Turns stored value bytes into .NET values and back, by VR (PS3.5 §6.2).</summary>
internal static class DicomValueConverter
{
    private static readonly string[] DateFormats = ["yyyyMMdd", "yyyy.MM.dd"];

    private static readonly string[] TimeFormats =
    [
        "HHmmss.FFFFFF", "HHmmss", "HHmm", "HH", "HH:mm:ss.FFFFFF", "HH:mm:ss", "HH:mm",
    ];

    private static readonly string[] DateTimeFormats =
    [
        "yyyyMMddHHmmss.FFFFFF", "yyyyMMddHHmmss", "yyyyMMddHHmm", "yyyyMMddHH", "yyyyMMdd", "yyyyMM", "yyyy",
    ];

    public static string DecodeText(DicomValueElement element, DicomCharacterSet characterSet) =>
        characterSet.Decode(element.Buffer.Memory.Span, element.VR);

    /// <summary>The separate values of a text element, insignificant padding removed.</summary>
    public static string[] SplitText(DicomValueElement element, DicomCharacterSet characterSet)
    {
        var text = DecodeText(element, characterSet);
        if (!element.VR.IsMultiValuedText)
        {
            return text.Length == 0 ? [] : [TrimValue(text, element.VR)];
        }

        if (text.Length == 0)
        {
            return [];
        }

        var values = text.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TrimValue(values[i], element.VR);
        }

        return values;
    }

    /// <summary>Trailing padding always; leading spaces too where the standard says they are insignificant.</summary>
    public static string TrimValue(string value, DicomVR vr)
    {
        if (vr == DicomVR.UI)
        {
            return value.TrimEnd('\0', ' ');
        }

        var trimmed = value.TrimEnd(' ', '\0');
        return vr == DicomVR.PN || !vr.IsMultiValuedText ? trimmed : trimmed.TrimStart(' ');
    }

    public static int CountValues(DicomValueElement element)
    {
        if (element.VR.IsBinaryNumber)
        {
            return (int)(element.Length / (element.VR == DicomVR.AT ? 4 : element.VR.UnitSize));
        }

        if (element.VR.IsBulk)
        {
            return element.Length > 0 ? 1 : 0;
        }

        var span = element.Buffer.Memory.Span;
        if (span.TrimEnd((byte)' ').TrimEnd((byte)0).IsEmpty)
        {
            return 0;
        }

        return element.VR.IsMultiValuedText ? span.Count((byte)'\\') + 1 : 1;
    }

    public static T[] ToNumbers<T>(DicomValueElement element, DicomCharacterSet characterSet)
        where T : INumberBase<T>
    {
        var vr = element.VR;
        if (vr.IsText)
        {
            var texts = SplitText(element, characterSet);
            var parsed = new T[texts.Length];
            for (var i = 0; i < texts.Length; i++)
            {
                if (!T.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]!))
                {
                    throw new DicomDataException(element.Tag, $"{vr} value '{texts[i]}' is not a number of type {typeof(T).Name}.");
                }
            }

            return parsed;
        }

        var span = element.Buffer.Memory.Span;
        return vr.Code switch
        {
            "US" or "OW" => Convert<ushort, T>(span),
            "SS" => Convert<short, T>(span),
            "UL" or "OL" => Convert<uint, T>(span),
            "SL" => Convert<int, T>(span),
            "UV" or "OV" => Convert<ulong, T>(span),
            "SV" => Convert<long, T>(span),
            "FL" or "OF" => Convert<float, T>(span),
            "FD" or "OD" => Convert<double, T>(span),
            "OB" or "UN" => Convert<byte, T>(span),
            _ => throw new DicomDataException(element.Tag, $"VR {vr} does not hold numbers."),
        };
    }

    public static DicomTag[] ToTags(DicomValueElement element)
    {
        if (element.VR != DicomVR.AT)
        {
            throw new DicomDataException(element.Tag, $"VR {element.VR} does not hold tags.");
        }

        var words = MemoryMarshal.Cast<byte, ushort>(element.Buffer.Memory.Span);
        var tags = new DicomTag[words.Length / 2];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new DicomTag(words[2 * i], words[(2 * i) + 1]);
        }

        return tags;
    }

    public static byte[] FromNumbers<T>(DicomTag tag, DicomVR vr, ReadOnlySpan<T> values)
        where T : INumberBase<T>
    {
        if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            var text = new StringBuilder();
            foreach (var value in values)
            {
                if (text.Length > 0)
                {
                    text.Append('\\');
                }

                text.Append(vr == DicomVR.IS ? long.CreateChecked(value).ToString(CultureInfo.InvariantCulture) : FormatDecimalString(double.CreateChecked(value)));
            }

            return Encoding.ASCII.GetBytes(text.ToString());
        }

        return vr.Code switch
        {
            "US" or "OW" => ToBytes<T, ushort>(values),
            "SS" => ToBytes<T, short>(values),
            "UL" or "OL" => ToBytes<T, uint>(values),
            "SL" => ToBytes<T, int>(values),
            "UV" or "OV" => ToBytes<T, ulong>(values),
            "SV" => ToBytes<T, long>(values),
            "FL" or "OF" => ToBytes<T, float>(values),
            "FD" or "OD" => ToBytes<T, double>(values),
            "OB" or "UN" => ToBytes<T, byte>(values),
            _ => throw new DicomDataException(tag, $"VR {vr} does not hold numbers."),
        };
    }

    public static byte[] FromTags(ReadOnlySpan<DicomTag> tags)
    {
        var bytes = new byte[tags.Length * 4];
        for (var i = 0; i < tags.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i), tags[i].Group);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((4 * i) + 2), tags[i].Element);
        }

        return bytes;
    }

    /// <summary>DS allows 16 characters: the shortest round-trip form, shortened further if needed.</summary>
    public static string FormatDecimalString(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "DS cannot hold NaN or infinity.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        for (var digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    public static DateOnly ParseDate(DicomTag tag, string text) =>
        DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DicomDataException(tag, $"'{text}' is not a DA value (YYYYMMDD).");

    public static TimeOnly ParseTime(DicomTag tag, string text) =>
        TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new DicomDataException(tag, $"'{text}' is not a TM value (HHMMSS.FFFFFF).");

    /// <summary>DT with its own &amp;ZZXX offset, or <paramref name="defaultOffset"/> when it has none.</summary>
    public static DateTimeOffset ParseDateTime(DicomTag tag, string text, TimeSpan defaultOffset)
    {
        var offset = defaultOffset;
        var sign = text.LastIndexOfAny(['+', '-']);
        if (sign > 0 && text.Length - sign == 5)
        {
            if (!TryParseOffset(text.AsSpan(sign), out offset))
            {
                throw new DicomDataException(tag, $"'{text}' has no valid UTC offset (&ZZXX).");
            }

            text = text[..sign];
        }

        if (!DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new DicomDataException(tag, $"'{text}' is not a DT value (YYYYMMDDHHMMSS.FFFFFF&ZZXX).");
        }

        return new DateTimeOffset(local, offset);
    }

    public static bool TryParseOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.Length != 5 || (text[0] != '+' && text[0] != '-')
            || !int.TryParse(text[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text[3..5], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string FormatTime(TimeOnly time) =>
        time.Ticks % TimeSpan.TicksPerSecond == 0
            ? time.ToString("HHmmss", CultureInfo.InvariantCulture)
            : time.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);

    public static string FormatDateTime(DateTimeOffset value)
    {
        var local = value.DateTime;
        var text = local.Ticks % TimeSpan.TicksPerSecond == 0
            ? local.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            : local.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture);
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{text}{sign}{offset.Hours:D2}{offset.Minutes:D2}");
    }

    private static T[] Convert<TNative, T>(ReadOnlySpan<byte> bytes)
        where TNative : struct, INumberBase<TNative>
        where T : INumberBase<T>
    {
        var natives = MemoryMarshal.Cast<byte, TNative>(bytes);
        var result = new T[natives.Length];
        for (var i = 0; i < natives.Length; i++)
        {
            result[i] = T.CreateChecked(natives[i]);
        }

        return result;
    }

    private static byte[] ToBytes<T, TNative>(ReadOnlySpan<T> values)
        where T : INumberBase<T>
        where TNative : struct, INumberBase<TNative>
    {
        var natives = new TNative[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            natives[i] = TNative.CreateChecked(values[i]);
        }

        return MemoryMarshal.AsBytes(natives.AsSpan()).ToArray();
    }
}
