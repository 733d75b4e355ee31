using System.Text;

namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>
/// One coded graphic character set that a Specific Character Set brings in (PS3.3 Tables C.12-2 to
/// C.12-5), with the escape sequence that designates it and its table from 7-bit codes to characters.
/// Instances are a fixed set of statics; their tables are built on first use, thread-safely, from the
/// code pages that ship with .NET, with the corrections listed at each builder.
/// </summary>
/// <remarks>
/// Codes are 7-bit: a one-byte set is indexed by 0x20–0x7F, a two-byte set by two bytes 0x21–0x7E
/// (the row and cell of the 94×94 table). Whether the high bit is set on the wire depends only on
/// whether the set sits in G0 (GL, bytes 0x21–0x7E) or G1 (GR, bytes 0xA1–0xFE).
/// </remarks>
internal sealed class GraphicSet
{
    private const char Replacement = '\uFFFD';
    private const int DoubleByteCells = 94 * 94;

    private readonly byte[] _designation;
    private readonly Lazy<(char[] Chars, Dictionary<char, int> Codes)> _tables;

    private GraphicSet(string name, GraphicSetKind kind, bool designatesG0, bool isAsciiCompatible, string escapeSequence,
        Func<(char[] Chars, Dictionary<char, int> Codes)> build)
    {
        Name = name;
        Kind = kind;
        DesignatesG0 = designatesG0;
        IsAsciiCompatible = isAsciiCompatible;
        _designation = Encoding.ASCII.GetBytes(escapeSequence);
        _tables = new(build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>ISO-IR 6, the DICOM default repertoire (ASCII) in G0.</summary>
    public static GraphicSet Ascii { get; } = new("ISO-IR 6", GraphicSetKind.Single94, true, true, "\e(B", BuildAscii);

    /// <summary>
    /// ISO-IR 14, JIS X 0201 romaji, in G0. Decoded as ASCII: strictly 0x5C is YEN SIGN and 0x7E
    /// OVERLINE, but 0x5C is also the DICOM value delimiter, so pydicom, DCMTK (via iconv Shift_JIS)
    /// and practically every viewer read both bytes as ASCII, and so do we.
    /// </summary>
    public static GraphicSet JisRoman { get; } = new("ISO-IR 14", GraphicSetKind.Single94, true, true, "\e(J", BuildAscii);

    /// <summary>ISO-IR 13, JIS X 0201 half-width katakana, in G1 (GR bytes 0xA1–0xDF).</summary>
    public static GraphicSet JisKatakana { get; } = new("ISO-IR 13", GraphicSetKind.Single94, false, false, "\e)I", BuildKatakana);

    public static GraphicSet Latin1 { get; } = new("ISO-IR 100", GraphicSetKind.Single96, false, false, "\e-A", () => BuildSingle96(Encoding.Latin1, []));

    public static GraphicSet Latin2 { get; } = new("ISO-IR 101", GraphicSetKind.Single96, false, false, "\e-B", () => BuildSingle96(CodePages.Get(28592), []));

    public static GraphicSet Latin3 { get; } = new("ISO-IR 109", GraphicSetKind.Single96, false, false, "\e-C", () => BuildSingle96(CodePages.Get(28593), []));

    public static GraphicSet Latin4 { get; } = new("ISO-IR 110", GraphicSetKind.Single96, false, false, "\e-D", () => BuildSingle96(CodePages.Get(28594), []));

    public static GraphicSet Cyrillic { get; } = new("ISO-IR 144", GraphicSetKind.Single96, false, false, "\e-L", () => BuildSingle96(CodePages.Get(28595), []));

    public static GraphicSet Arabic { get; } = new("ISO-IR 127", GraphicSetKind.Single96, false, false, "\e-G", () => BuildSingle96(CodePages.Get(28596), []));

    /// <summary>
    /// ISO 8859-7. .NET's table is the 1987 one; Unicode's current mapping (ISO 8859-7:2003, as in
    /// Python and glibc) maps 0xA1/0xA2 to quotation marks and adds €, ₯ and ͺ.
    /// </summary>
    public static GraphicSet Greek { get; } = new("ISO-IR 126", GraphicSetKind.Single96, false, false, "\e-F",
        () => BuildSingle96(CodePages.Get(28597), [(0xA1, '\u2018'), (0xA2, '\u2019'), (0xA4, '\u20AC'), (0xA5, '\u20AF'), (0xAA, '\u037A')]));

    /// <summary>ISO 8859-8. Corrected to Unicode's current mapping: 0xAF is MACRON, 0xFD/0xFE are LRM/RLM.</summary>
    public static GraphicSet Hebrew { get; } = new("ISO-IR 138", GraphicSetKind.Single96, false, false, "\e-H",
        () => BuildSingle96(CodePages.Get(28598), [(0xAF, '\u00AF'), (0xFD, '\u200E'), (0xFE, '\u200F')]));

    public static GraphicSet Latin5 { get; } = new("ISO-IR 148", GraphicSetKind.Single96, false, false, "\e-M", () => BuildSingle96(CodePages.Get(28599), []));

    /// <summary>
    /// TIS 620-2533 (Thai). .NET has no TIS-620 table; Windows-874 is a superset whose additions sit at
    /// 0x80–0x9F, which never reach this table (C1 bytes are decoded as C1 controls). 0xA0 is NBSP, as
    /// in ISO 8859-11; the unassigned cells come out as U+FFFD.
    /// </summary>
    public static GraphicSet Thai { get; } = new("ISO-IR 166", GraphicSetKind.Single96, false, false, "\e-T", () => BuildSingle96(CodePages.Get(874), []));

    /// <summary>ISO 8859-15 (Latin alphabet No. 9, "ISO_IR 203").</summary>
    public static GraphicSet Latin9 { get; } = new("ISO-IR 203", GraphicSetKind.Single96, false, false, "\e-b", () => BuildSingle96(CodePages.Get(28605), []));

    /// <summary>
    /// JIS X 0208 in G0. Taken from code page 20932 (EUC-JP with JIS mappings: 0x2141 is WAVE DASH
    /// U+301C, not Microsoft's FULLWIDTH TILDE), keeping its NEC row 13 (circled digits, Roman
    /// numerals) that JIS X 0208-1990 leaves empty. The Microsoft variants of six characters are
    /// accepted when encoding.
    /// </summary>
    public static GraphicSet JisX0208 { get; } = new("ISO-IR 87", GraphicSetKind.Double94, true, false, "\e$B",
        () => BuildDouble94(CodePages.Get(20932), highSecondByte: true, [],
            [('\uFF5E', 0x2141), ('\u2225', 0x2142), ('\uFF0D', 0x215D), ('\uFFE0', 0x2171), ('\uFFE1', 0x2172), ('\uFFE2', 0x224C)]));

    /// <summary>
    /// JIS X 0212 in G0. .NET's EUC-JP (51932) does not decode the 0x8F prefix, but code page 20932
    /// holds JIS X 0212 as a lead byte with the high bit and a trail byte without it. Two cells it
    /// lacks (TILDE, NUMERO SIGN) are added as in Unicode's JIS0212 table.
    /// </summary>
    public static GraphicSet JisX0212 { get; } = new("ISO-IR 159", GraphicSetKind.Double94, true, false, "\e$(D",
        () => BuildDouble94(CodePages.Get(20932), highSecondByte: false, [(0x2237, '\u007E'), (0x2271, '\u2116')], []));

    /// <summary>KS X 1001 in G1 (bytes as in EUC-KR), from code page 949 without its private-use cells.</summary>
    public static GraphicSet KsX1001 { get; } = new("ISO-IR 149", GraphicSetKind.Double94, false, false, "\e$)C",
        () => BuildDouble94(CodePages.Get(949), highSecondByte: true, [], []));

    /// <summary>
    /// GB 2312 in G1 (bytes as in EUC-CN), from code page 936 so that it agrees with GBK and GB18030
    /// (0xA1A4 is U+00B7, 0xA1AA U+2014). The older GB2312 mapping's U+30FB and U+2015 are accepted
    /// when encoding.
    /// </summary>
    public static GraphicSet Gb2312 { get; } = new("ISO-IR 58", GraphicSetKind.Double94, false, false, "\e$)A",
        () => BuildDouble94(CodePages.Get(936), highSecondByte: true, [], [('\u30FB', 0x2124), ('\u2015', 0x212A)]));

    /// <summary>The registration, e.g. "ISO-IR 87".</summary>
    public string Name { get; }

    public GraphicSetKind Kind { get; }

    /// <summary>DICOM designates this set to G0 (true) or to G1 (false).</summary>
    public bool DesignatesG0 { get; }

    /// <summary>Bytes 0x21–0x7E in GL are ASCII characters (ISO-IR 6, and ISO-IR 14 as read here).</summary>
    public bool IsAsciiCompatible { get; }

    /// <summary>The escape sequence, ESC included, that designates this set to its code element.</summary>
    public ReadOnlySpan<byte> Designation => _designation;

    /// <summary>The characters of a one-byte set, indexed by code − 0x20 (that is, GR byte − 0xA0).</summary>
    public ReadOnlySpan<char> SingleByteTable => _tables.Value.Chars;

    /// <summary>The character for a one-byte code 0x20–0x7F (high bit cleared); U+FFFD where none.</summary>
    public char DecodeSingle(int code) => _tables.Value.Chars[code - 0x20];

    /// <summary>The character for a two-byte code, each byte 0x21–0x7E (high bit cleared); U+FFFD where none.</summary>
    public char DecodeDouble(int first, int second) => _tables.Value.Chars[((first - 0x21) * 94) + second - 0x21];

    /// <summary>The 7-bit code of <paramref name="c"/>: one byte, or two bytes as <c>first &lt;&lt; 8 | second</c>.</summary>
    public bool TryEncode(char c, out int code) => _tables.Value.Codes.TryGetValue(c, out code);

    /// <summary>
    /// The set an escape sequence designates, given the bytes after ESC (intermediates and final).
    /// Besides the sequences of PS3.3 Tables C.12-3/C.12-4 this accepts the other standard ways to
    /// designate the same sets (ESC $ @ for JIS C 6226-1978, multi-byte sets into either element).
    /// </summary>
    public static bool TryGetDesignated(ReadOnlySpan<byte> sequence, out GraphicSet set, out bool toG0)
    {
        GraphicSet? found = null;
        toG0 = false;
        if (sequence.Length == 2)
        {
            var final = sequence[1];
            switch (sequence[0])
            {
                case (byte)'(':
                    toG0 = true;
                    found = Single94(final);
                    break;
                case (byte)')':
                    found = Single94(final);
                    break;
                case (byte)'-':
                    found = Single96(final);
                    break;
                case (byte)'$':
                    toG0 = true;
                    found = final is (byte)'@' or (byte)'A' or (byte)'B' ? Double94(final) : null;
                    break;
            }
        }
        else if (sequence.Length == 3 && sequence[0] == '$' && sequence[1] is (byte)'(' or (byte)')')
        {
            toG0 = sequence[1] == '(';
            found = Double94(sequence[2]);
        }

        set = found ?? Ascii;
        return found is not null;
    }

    private static GraphicSet? Single94(byte final) => final switch
    {
        (byte)'B' => Ascii,
        (byte)'J' => JisRoman,
        (byte)'I' => JisKatakana,
        _ => null,
    };

    private static GraphicSet? Single96(byte final) => final switch
    {
        (byte)'A' => Latin1,
        (byte)'B' => Latin2,
        (byte)'C' => Latin3,
        (byte)'D' => Latin4,
        (byte)'F' => Greek,
        (byte)'G' => Arabic,
        (byte)'H' => Hebrew,
        (byte)'L' => Cyrillic,
        (byte)'M' => Latin5,
        (byte)'T' => Thai,
        (byte)'b' => Latin9,
        _ => null,
    };

    private static GraphicSet? Double94(byte final) => final switch
    {
        (byte)'@' or (byte)'B' => JisX0208,
        (byte)'D' => JisX0212,
        (byte)'C' => KsX1001,
        (byte)'A' => Gb2312,
        _ => null,
    };

    private static (char[] Chars, Dictionary<char, int> Codes) BuildAscii()
    {
        var chars = new char[96];
        var codes = new Dictionary<char, int>(94);
        chars[0] = Replacement;
        chars[95] = Replacement;
        for (var code = 0x21; code <= 0x7E; code++)
        {
            chars[code - 0x20] = (char)code;
            codes[(char)code] = code;
        }

        return (chars, codes);
    }

    private static (char[] Chars, Dictionary<char, int> Codes) BuildKatakana()
    {
        var chars = new char[96];
        Array.Fill(chars, Replacement);
        var codes = new Dictionary<char, int>(63);
        for (var code = 0x21; code <= 0x5F; code++)
        {
            var c = (char)(0xFF61 + code - 0x21);
            chars[code - 0x20] = c;
            codes[c] = code;
        }

        return (chars, codes);
    }

    /// <summary>The upper half (0xA0–0xFF) of an 8-bit code page, with corrections keyed by byte.</summary>
    private static (char[] Chars, Dictionary<char, int> Codes) BuildSingle96(Encoding encoding, (int Byte, char Char)[] corrections)
    {
        var chars = new char[96];
        Span<byte> one = stackalloc byte[1];
        Span<char> decoded = stackalloc char[4];
        for (var i = 0; i < 96; i++)
        {
            one[0] = (byte)(0xA0 + i);
            chars[i] = Usable(decoded[..encoding.GetChars(one, decoded)]);
        }

        foreach (var (b, c) in corrections)
        {
            chars[b - 0xA0] = c;
        }

        var codes = new Dictionary<char, int>(96);
        for (var i = 0; i < 96; i++)
        {
            if (chars[i] != Replacement)
            {
                codes.TryAdd(chars[i], 0x20 + i);
            }
        }

        return (chars, codes);
    }

    /// <summary>
    /// A 94×94 set read from a double-byte code page, each cell decoded on its own: lead byte with the
    /// high bit, trail byte with it when <paramref name="highSecondByte"/>. Corrections are keyed by
    /// 7-bit code; aliases are extra characters accepted when encoding.
    /// </summary>
    private static (char[] Chars, Dictionary<char, int> Codes) BuildDouble94(Encoding encoding, bool highSecondByte,
        (int Code, char Char)[] corrections, (char Char, int Code)[] aliases)
    {
        var chars = new char[DoubleByteCells];
        Span<byte> pair = stackalloc byte[2];
        Span<char> decoded = stackalloc char[4];
        for (var first = 0x21; first <= 0x7E; first++)
        {
            for (var second = 0x21; second <= 0x7E; second++)
            {
                pair[0] = (byte)(first | 0x80);
                pair[1] = (byte)(highSecondByte ? second | 0x80 : second);
                chars[((first - 0x21) * 94) + second - 0x21] = Usable(decoded[..encoding.GetChars(pair, decoded)]);
            }
        }

        foreach (var (code, c) in corrections)
        {
            chars[(((code >> 8) - 0x21) * 94) + (code & 0xFF) - 0x21] = c;
        }

        var codes = new Dictionary<char, int>(DoubleByteCells);
        for (var i = 0; i < DoubleByteCells; i++)
        {
            if (chars[i] != Replacement)
            {
                codes.TryAdd(chars[i], ((0x21 + (i / 94)) << 8) | (0x21 + (i % 94)));
            }
        }

        foreach (var (c, code) in aliases)
        {
            codes.TryAdd(c, code);
        }

        return (chars, codes);
    }

    /// <summary>One decoded character, or U+FFFD for nothing, several, a control or a private-use placeholder.</summary>
    private static char Usable(ReadOnlySpan<char> decoded)
    {
        if (decoded.Length != 1)
        {
            return Replacement;
        }

        var c = decoded[0];
        return c < 0x20 || char.IsSurrogate(c) || c is >= '\uE000' and <= '\uF8FF' ? Replacement : c;
    }
}
