using System.Globalization;

namespace Lantern.Dicom.Data;

/// <summary>
/// A data element tag: group and element, plus the private creator that reserved its block when the
/// tag is a private data element. A value type so tags never allocate and compare as integers.
/// </summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element)
    {
        Group = group;
        Element = element;
        PrivateCreator = null;
    }

    public DicomTag(ushort group, ushort element, string? privateCreator)
    {
        Group = group;
        Element = element;
        PrivateCreator = string.IsNullOrEmpty(privateCreator) ? null : privateCreator;
    }

    public DicomTag(uint value) : this((ushort)(value >> 16), (ushort)value) { }

    public ushort Group { get; }

    public ushort Element { get; }

    /// <summary>The creator string of the private block this tag lies in; null for standard tags.</summary>
    public string? PrivateCreator { get; }

    /// <summary>Group and element as one number, the order tags sort in within a data set.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008 && Group != 0xFFFF;

    /// <summary>(gggg,0010)–(gggg,00FF) in an odd group: reserves block xx of that group for a creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>The creator element (gggg,00xx) that reserves the block of this private data element.</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    public bool IsGroupLength => Element == 0x0000;

    public static DicomTag Item => new(0xFFFE, 0xE000);

    public static DicomTag ItemDelimitationItem => new(0xFFFE, 0xE00D);

    public static DicomTag SequenceDelimitationItem => new(0xFFFE, 0xE0DD);

    public static DicomTag Parse(string text)
    {
        if (TryParse(text, out var tag))
        {
            return tag;
        }

        throw new FormatException($"'{text}' is not a DICOM tag; expected (gggg,eeee) or ggggeeee.");
    }

    /// <summary>Accepts "(0010,0010)", "0010,0010" and "00100010".</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        tag = default;
        text = text.Trim();
        if (text.Length > 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1];
        }

        ushort group, element;
        if (text.Length == 9 && text[4] == ',')
        {
            if (!ushort.TryParse(text[..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out group)
                || !ushort.TryParse(text[5..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out element))
            {
                return false;
            }
        }
        else if (text.Length == 8)
        {
            if (!uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            group = (ushort)(value >> 16);
            element = (ushort)value;
        }
        else
        {
            return false;
        }

        tag = new DicomTag(group, element);
        return true;
    }

    public bool Equals(DicomTag other) =>
        Value == other.Value && string.Equals(PrivateCreator, other.PrivateCreator, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator ==(DicomTag left, DicomTag right) => left.Equals(right);

    public static bool operator !=(DicomTag left, DicomTag right) => !left.Equals(right);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>The 8-hex-digit form used as the key in the DICOM JSON model.</summary>
    public string ToHexString() => Value.ToString("X8", CultureInfo.InvariantCulture);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");
}
