namespace Lantern.Dicom.Data;

/// <summary>
/// A value representation (PS3.5 §6.2). A one-byte value type over a fixed table of the 34 VRs, so
/// every instance is a real VR and its encoding rules are a table lookup. <c>default</c> is UN.
/// </summary>
public readonly struct DicomVR : IEquatable<DicomVR>
{
    private readonly byte _index;

    private DicomVR(byte index) => _index = index;

    public static DicomVR UN => new(0);
    public static DicomVR AE => new(1);
    public static DicomVR AS => new(2);
    public static DicomVR AT => new(3);
    public static DicomVR CS => new(4);
    public static DicomVR DA => new(5);
    public static DicomVR DS => new(6);
    public static DicomVR DT => new(7);
    public static DicomVR FD => new(8);
    public static DicomVR FL => new(9);
    public static DicomVR IS => new(10);
    public static DicomVR LO => new(11);
    public static DicomVR LT => new(12);
    public static DicomVR OB => new(13);
    public static DicomVR OD => new(14);
    public static DicomVR OF => new(15);
    public static DicomVR OL => new(16);
    public static DicomVR OV => new(17);
    public static DicomVR OW => new(18);
    public static DicomVR PN => new(19);
    public static DicomVR SH => new(20);
    public static DicomVR SL => new(21);
    public static DicomVR SQ => new(22);
    public static DicomVR SS => new(23);
    public static DicomVR ST => new(24);
    public static DicomVR SV => new(25);
    public static DicomVR TM => new(26);
    public static DicomVR UC => new(27);
    public static DicomVR UI => new(28);
    public static DicomVR UL => new(29);
    public static DicomVR UR => new(30);
    public static DicomVR US => new(31);
    public static DicomVR UT => new(32);
    public static DicomVR UV => new(33);

    private const uint Unlimited = 0xFFFFFFFE;

    // Code, kind, unit size for byte swapping, padding byte, maximum length of one value
    // (bytes, or characters for the text VRs whose limit the standard gives in characters).
    private static readonly VRRule[] Rules =
    [
        new("UN", VRKind.Bulk, 1, 0x00, Unlimited),
        new("AE", VRKind.Text, 1, 0x20, 16),
        new("AS", VRKind.Text, 1, 0x20, 4),
        new("AT", VRKind.Binary, 2, 0x00, 4),
        new("CS", VRKind.Text, 1, 0x20, 16),
        new("DA", VRKind.Text, 1, 0x20, 8),
        new("DS", VRKind.Text, 1, 0x20, 16),
        new("DT", VRKind.Text, 1, 0x20, 26),
        new("FD", VRKind.Binary, 8, 0x00, 8),
        new("FL", VRKind.Binary, 4, 0x00, 4),
        new("IS", VRKind.Text, 1, 0x20, 12),
        new("LO", VRKind.Text, 1, 0x20, 64),
        new("LT", VRKind.SingleText, 1, 0x20, 10240),
        new("OB", VRKind.Bulk, 1, 0x00, Unlimited),
        new("OD", VRKind.Bulk, 8, 0x00, 0xFFFFFFF8),
        new("OF", VRKind.Bulk, 4, 0x00, 0xFFFFFFFC),
        new("OL", VRKind.Bulk, 4, 0x00, 0xFFFFFFFC),
        new("OV", VRKind.Bulk, 8, 0x00, 0xFFFFFFF8),
        new("OW", VRKind.Bulk, 2, 0x00, Unlimited),
        new("PN", VRKind.Text, 1, 0x20, 64),
        new("SH", VRKind.Text, 1, 0x20, 16),
        new("SL", VRKind.Binary, 4, 0x00, 4),
        new("SQ", VRKind.Sequence, 1, 0x00, Unlimited),
        new("SS", VRKind.Binary, 2, 0x00, 2),
        new("ST", VRKind.SingleText, 1, 0x20, 1024),
        new("SV", VRKind.Binary, 8, 0x00, 8),
        new("TM", VRKind.Text, 1, 0x20, 14),
        new("UC", VRKind.Text, 1, 0x20, Unlimited),
        new("UI", VRKind.Text, 1, 0x00, 64),
        new("UL", VRKind.Binary, 4, 0x00, 4),
        new("UR", VRKind.SingleText, 1, 0x20, Unlimited),
        new("US", VRKind.Binary, 2, 0x00, 2),
        new("UT", VRKind.SingleText, 1, 0x20, Unlimited),
        new("UV", VRKind.Binary, 8, 0x00, 8),
    ];

    public static IReadOnlyList<DicomVR> All { get; } = CreateAll();

    private ref readonly VRRule Rule => ref Rules[_index];

    /// <summary>The two-letter code, e.g. "PN".</summary>
    public string Code => Rule.Code;

    /// <summary>Bytes per number when the value must be byte-swapped between endiannesses; 1 when never.</summary>
    public int UnitSize => Rule.UnitSize;

    /// <summary>Pads an odd-length value to even length: space for text, NUL for UI and binary.</summary>
    public byte PaddingByte => Rule.Padding;

    /// <summary>The maximum length of one value: bytes, or characters for LO, LT, PN, SH, ST.</summary>
    public uint MaximumLength => Rule.MaximumLength;

    /// <summary>Explicit VR encodes these with two reserved bytes and a 32-bit length (PS3.5 §7.1.2).</summary>
    public bool HasLongLength => Rule.Kind is VRKind.Bulk or VRKind.Sequence
        || _index == 25 || _index == 27 || _index == 30 || _index == 32 || _index == 33;

    /// <summary>Header size in Explicit VR: 8 bytes, or 12 for VRs with a 32-bit length.</summary>
    public int ExplicitHeaderSize => HasLongLength ? 12 : 8;

    public bool IsSequence => Rule.Kind == VRKind.Sequence;

    /// <summary>A character string value (AE … UT).</summary>
    public bool IsText => Rule.Kind is VRKind.Text or VRKind.SingleText;

    /// <summary>Text whose backslash is a value separator (not LT, ST, UT, UR).</summary>
    public bool IsMultiValuedText => Rule.Kind == VRKind.Text;

    /// <summary>Binary numbers of fixed size per value (AT, FD, FL, SL, SS, SV, UL, US, UV).</summary>
    public bool IsBinaryNumber => Rule.Kind == VRKind.Binary;

    /// <summary>Other-byte/word/... and UN: opaque bulk values.</summary>
    public bool IsBulk => Rule.Kind == VRKind.Bulk;

    /// <summary>Decoded with the Specific Character Set (PS3.5 §6.1.2.3); others use the default repertoire.</summary>
    public bool UsesSpecificCharacterSet => _index is 11 or 12 or 19 or 20 or 24 or 27 or 32;

    /// <summary>Parses the two ASCII bytes of an explicit VR header; false for anything that is not a VR.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        var index = (first << 8 | second) switch
        {
            ('A' << 8) | 'E' => 1,
            ('A' << 8) | 'S' => 2,
            ('A' << 8) | 'T' => 3,
            ('C' << 8) | 'S' => 4,
            ('D' << 8) | 'A' => 5,
            ('D' << 8) | 'S' => 6,
            ('D' << 8) | 'T' => 7,
            ('F' << 8) | 'D' => 8,
            ('F' << 8) | 'L' => 9,
            ('I' << 8) | 'S' => 10,
            ('L' << 8) | 'O' => 11,
            ('L' << 8) | 'T' => 12,
            ('O' << 8) | 'B' => 13,
            ('O' << 8) | 'D' => 14,
            ('O' << 8) | 'F' => 15,
            ('O' << 8) | 'L' => 16,
            ('O' << 8) | 'V' => 17,
            ('O' << 8) | 'W' => 18,
            ('P' << 8) | 'N' => 19,
            ('S' << 8) | 'H' => 20,
            ('S' << 8) | 'L' => 21,
            ('S' << 8) | 'Q' => 22,
            ('S' << 8) | 'S' => 23,
            ('S' << 8) | 'T' => 24,
            ('S' << 8) | 'V' => 25,
            ('T' << 8) | 'M' => 26,
            ('U' << 8) | 'C' => 27,
            ('U' << 8) | 'I' => 28,
            ('U' << 8) | 'L' => 29,
            ('U' << 8) | 'R' => 30,
            ('U' << 8) | 'S' => 31,
            ('U' << 8) | 'T' => 32,
            ('U' << 8) | 'V' => 33,
            ('U' << 8) | 'N' => 0,
            _ => -1,
        };
        vr = index < 0 ? default : new DicomVR((byte)index);
        return index >= 0;
    }

    public static DicomVR Parse(string code)
    {
        if (code is { Length: 2 } && TryParse((byte)code[0], (byte)code[1], out var vr))
        {
            return vr;
        }

        throw new FormatException($"'{code}' is not a DICOM value representation.");
    }

    public bool Equals(DicomVR other) => _index == other._index;

    public override bool Equals(object? obj) => obj is DicomVR other && Equals(other);

    public override int GetHashCode() => _index;

    public static bool operator ==(DicomVR left, DicomVR right) => left._index == right._index;

    public static bool operator !=(DicomVR left, DicomVR right) => left._index != right._index;

    public override string ToString() => Code;

    private static DicomVR[] CreateAll()
    {
        var all = new DicomVR[Rules.Length];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = new DicomVR((byte)i);
        }

        return all;
    }

    private enum VRKind : byte
    {
        Text,
        SingleText,
        Binary,
        Bulk,
        Sequence,
    }

    private readonly record struct VRRule(string Code, VRKind Kind, byte UnitSize, byte Padding, uint MaximumLength);
}
