using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>
/// Decodes and encodes the 8-bit, ISO 2022-structured character sets of DICOM (PS3.5 §6.1.2.4–6.1.2.5):
/// the default repertoire and the single-byte sets without code extensions (escape sequences off),
/// and code extensions (escape sequences designate G0 and G1). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Decoding rules:
/// <list type="bullet">
/// <item>GL bytes 0x21–0x7E are read in G0, GR bytes 0xA0–0xFF in G1; SPACE and DEL are fixed.</item>
/// <item>The initial G0/G1 come from value 1 (G1 may be undefined). They are restored at every
/// control character (CR, LF, FF, TAB, …), and while G0 is a one-byte set also at the value
/// delimiter "\" (multi-valued VRs) and at "^" and "=" (PN) — PS3.5 §6.1.2.5.3. In a two-byte G0
/// (JIS X 0208/0212) those bytes are halves of characters and do not reset.</item>
/// <item>Escape sequences for any set in <see cref="GraphicSet"/> are honoured, also when the set is
/// not among the terms (pydicom ignores those; the sequence is unambiguous). Unknown or truncated
/// escape sequences become one U+FFFD.</item>
/// <item>Where G1 is still undefined, GR bytes are read in the first G1 set among the terms (a
/// writer that forgot ESC $ ) C before EUC-KR bytes), else as ISO 8859-1 — as pydicom does, which
/// also gives the default repertoire's out-of-range bytes their usual Latin-1 reading.</item>
/// <item>C1 bytes 0x80–0x9F decode to U+0080–U+009F, as ISO 8859 decoders do; while G1 is JIS X
/// 0201 katakana, Shift_JIS double-byte characters are read as JIS X 0208 (non-conformant
/// "ISO_IR 13" Shift_JIS data, which pydicom and DCMTK also read as Shift_JIS).</item>
/// <item>Incomplete or unassigned codes decode to U+FFFD. Nothing throws.</item>
/// </list>
/// </remarks>
internal sealed class Iso2022Codec
{
    private const byte Escape = 0x1B;
    private const char Replacement = '\uFFFD';
    private const int StackBufferLength = 256;

    private readonly GraphicSet _initialG0;
    private readonly GraphicSet? _initialG1;
    private readonly GraphicSet _effectiveG1;
    private readonly GraphicSet[] _extensionSets;
    private readonly bool _usesEscapes;
    private readonly bool _isLatin1;

    /// <param name="initialG0">G0 at the start of each value; must be ASCII-compatible.</param>
    /// <param name="initialG1">G1 at the start of each value; null when undefined.</param>
    /// <param name="undefinedG1">How GR bytes are read while G1 is undefined.</param>
    /// <param name="extensionSets">Sets the encoder may designate, in order of preference.</param>
    /// <param name="usesEscapes">False for a single value without code extensions: ESC is then a plain control character.</param>
    public Iso2022Codec(GraphicSet initialG0, GraphicSet? initialG1, GraphicSet undefinedG1, GraphicSet[] extensionSets, bool usesEscapes)
    {
        _initialG0 = initialG0;
        _initialG1 = initialG1;
        _effectiveG1 = initialG1 ?? undefinedG1;
        _extensionSets = extensionSets;
        _usesEscapes = usesEscapes;
        _isLatin1 = !usesEscapes && initialG0 == GraphicSet.Ascii && _effectiveG1 == GraphicSet.Latin1;
    }

    [SkipLocalsInit]
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (_isLatin1)
        {
            return Encoding.Latin1.GetString(value);
        }

        if (System.Text.Ascii.IsValid(value) && !(_usesEscapes && value.Contains(Escape)))
        {
            return Encoding.ASCII.GetString(value);
        }

        // Every byte yields at most one UTF-16 unit: all the sets here lie in the BMP.
        char[]? rented = null;
        Span<char> buffer = value.Length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        try
        {
            var length = !_usesEscapes && _effectiveG1.Kind == GraphicSetKind.Single96
                ? DecodeSingle96(value, _effectiveG1.SingleByteTable, buffer)
                : DecodeInto(value, vr, buffer);
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A one-byte set without code extensions: ASCII, C1 controls, then the upper-half table.</summary>
    private static int DecodeSingle96(ReadOnlySpan<byte> value, ReadOnlySpan<char> upperHalf, Span<char> output)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            output[i] = b < 0xA0 ? (char)b : upperHalf[b - 0xA0];
        }

        return value.Length;
    }

    private int DecodeInto(ReadOnlySpan<byte> value, DicomVR vr, Span<char> output)
    {
        var resetsAtBackslash = vr.IsMultiValuedText;
        var isPersonName = vr == DicomVR.PN;
        var g0 = _initialG0;
        var g1 = _effectiveG1;
        var n = 0;
        var i = 0;
        while (i < value.Length)
        {
            int b = value[i];
            if (b >= 0xA0)
            {
                i += DecodeRight(value, i, g1, out output[n++]);
            }
            else if (b >= 0x80)
            {
                if (g1 == GraphicSet.JisKatakana && TryDecodeShiftJis(value, i, out output[n]))
                {
                    n++;
                    i += 2;
                }
                else
                {
                    output[n++] = (char)b;
                    i++;
                }
            }
            else if (b == Escape && _usesEscapes)
            {
                i = ReadEscapeSequence(value, i, ref g0, ref g1, output, ref n);
            }
            else if (b <= 0x20 || b == 0x7F)
            {
                output[n++] = (char)b;
                i++;
                if (b < 0x20)
                {
                    g0 = _initialG0;
                    g1 = _effectiveG1;
                }
            }
            else if (g0.IsAsciiCompatible)
            {
                output[n++] = (char)b;
                i++;
                if ((b == '\\' && resetsAtBackslash) || (isPersonName && b is '^' or '='))
                {
                    g0 = _initialG0;
                    g1 = _effectiveG1;
                }
            }
            else if (g0.Kind == GraphicSetKind.Double94)
            {
                if (i + 1 < value.Length && value[i + 1] is >= 0x21 and <= 0x7E)
                {
                    output[n++] = g0.DecodeDouble(b, value[i + 1]);
                    i += 2;
                }
                else
                {
                    output[n++] = Replacement;
                    i++;
                }
            }
            else
            {
                output[n++] = g0.DecodeSingle(b);
                i++;
            }
        }

        return n;
    }

    /// <summary>Decodes the GR character at <paramref name="i"/>; returns the bytes it took.</summary>
    private static int DecodeRight(ReadOnlySpan<byte> value, int i, GraphicSet g1, out char c)
    {
        var code = value[i] & 0x7F;
        switch (g1.Kind)
        {
            case GraphicSetKind.Single96:
                c = g1.DecodeSingle(code);
                return 1;
            case GraphicSetKind.Double94:
                if (code is >= 0x21 and <= 0x7E && i + 1 < value.Length && value[i + 1] is >= 0xA1 and <= 0xFE)
                {
                    c = g1.DecodeDouble(code, value[i + 1] & 0x7F);
                    return 2;
                }

                c = Replacement;
                return 1;
            default:
                if (g1 == GraphicSet.JisKatakana && code > 0x5F && TryDecodeShiftJis(value, i, out c))
                {
                    return 2;
                }

                c = code is >= 0x21 and <= 0x7E ? g1.DecodeSingle(code) : Replacement;
                return 1;
        }
    }

    /// <summary>A Shift_JIS double-byte character (lead 0x81–0x9F or 0xE0–0xEF), read as JIS X 0208.</summary>
    private static bool TryDecodeShiftJis(ReadOnlySpan<byte> value, int i, out char c)
    {
        int lead = value[i];
        if (lead is not (>= 0x81 and <= 0x9F or >= 0xE0 and <= 0xEF) || i + 1 >= value.Length
            || value[i + 1] is not (>= 0x40 and <= 0x7E or >= 0x80 and <= 0xFC))
        {
            c = default;
            return false;
        }

        int trail = value[i + 1];
        var first = ((lead <= 0x9F ? lead - 0x71 : lead - 0xB1) * 2) + 1;
        if (trail > 0x7F)
        {
            trail--;
        }

        int second;
        if (trail >= 0x9E)
        {
            first++;
            second = trail - 0x7D;
        }
        else
        {
            second = trail - 0x1F;
        }

        c = GraphicSet.JisX0208.DecodeDouble(first, second);
        return true;
    }

    /// <summary>Reads ESC, intermediates 0x20–0x2F and a final byte 0x30–0x7E; returns the index after it.</summary>
    private static int ReadEscapeSequence(ReadOnlySpan<byte> value, int i, ref GraphicSet g0, ref GraphicSet g1, Span<char> output, ref int n)
    {
        var end = i + 1;
        while (end < value.Length && value[end] is >= 0x20 and <= 0x2F)
        {
            end++;
        }

        if (end >= value.Length || value[end] is < 0x30 or > 0x7E)
        {
            output[n++] = Replacement;
            return end;
        }

        if (GraphicSet.TryGetDesignated(value[(i + 1)..(end + 1)], out var set, out var toG0))
        {
            if (toG0)
            {
                g0 = set;
            }
            else
            {
                g1 = set;
            }
        }
        else
        {
            output[n++] = Replacement;
        }

        return end + 1;
    }

    /// <summary>
    /// Encodes <paramref name="text"/>. Characters no available set holds become '?' and clear
    /// <paramref name="lossless"/>. With code extensions, a non-ASCII character is written in the
    /// active G1 or G0 if it holds it, else in the first set (in the order of the terms) that does;
    /// before every control character, delimiter and the end of the value G0 is switched back to its
    /// initial set, and after a delimiter both elements count as reset, so a G1 set is designated
    /// again when next needed (as in the examples of PS3.5 Annexes H–K).
    /// </summary>
    public byte[] Encode(string text, DicomVR vr, out bool lossless)
    {
        lossless = true;
        if (System.Text.Ascii.IsValid(text) && !(_usesEscapes && text.Contains('\e', StringComparison.Ordinal)))
        {
            return Encoding.ASCII.GetBytes(text);
        }

        var output = new ArrayBufferWriter<byte>(text.Length * 2);
        if (_usesEscapes)
        {
            lossless = EncodeWithEscapes(text, vr, output);
        }
        else
        {
            lossless = EncodeWithoutEscapes(text, output);
        }

        return output.WrittenSpan.ToArray();
    }

    private bool EncodeWithoutEscapes(string text, ArrayBufferWriter<byte> output)
    {
        var lossless = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                Put(output, (byte)c);
            }
            else if (c < 0xA0 && _initialG1 is { Kind: GraphicSetKind.Single96 })
            {
                Put(output, (byte)c);
            }
            else if (_initialG1 is { Kind: not GraphicSetKind.Double94 } g1 && g1.TryEncode(c, out var code))
            {
                Put(output, (byte)(code | 0x80));
            }
            else
            {
                Put(output, (byte)'?');
                lossless = false;
                i += SurrogatePairExtra(text, i);
            }
        }

        return lossless;
    }

    private bool EncodeWithEscapes(string text, DicomVR vr, ArrayBufferWriter<byte> output)
    {
        var lossless = true;
        var resetsAtBackslash = vr.IsMultiValuedText;
        var isPersonName = vr == DicomVR.PN;
        var g0 = _initialG0;
        var g1 = _initialG1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80 && c != '\e')
            {
                var delimiter = c < 0x20 || (c == '\\' && resetsAtBackslash) || (isPersonName && c is '^' or '=');
                if (g0 != _initialG0 && (delimiter || !g0.IsAsciiCompatible))
                {
                    output.Write(_initialG0.Designation);
                    g0 = _initialG0;
                }

                Put(output, (byte)c);
                if (delimiter)
                {
                    g1 = _initialG1;
                }

                continue;
            }

            if (c >= 0x80 && TryChooseSet(c, g0, g1, out var set, out var code))
            {
                if (set.DesignatesG0)
                {
                    if (g0 != set)
                    {
                        output.Write(set.Designation);
                        g0 = set;
                    }

                    PutCode(output, set, code, 0x00);
                }
                else
                {
                    if (g1 != set)
                    {
                        output.Write(set.Designation);
                        g1 = set;
                    }

                    PutCode(output, set, code, 0x80);
                }

                continue;
            }

            if (!g0.IsAsciiCompatible)
            {
                output.Write(_initialG0.Designation);
                g0 = _initialG0;
            }

            Put(output, (byte)'?');
            lossless = false;
            i += SurrogatePairExtra(text, i);
        }

        if (g0 != _initialG0)
        {
            output.Write(_initialG0.Designation);
        }

        return lossless;
    }

    private bool TryChooseSet(char c, GraphicSet g0, GraphicSet? g1, out GraphicSet set, out int code)
    {
        if (g1 is not null && g1.TryEncode(c, out code))
        {
            set = g1;
            return true;
        }

        if (!g0.IsAsciiCompatible && g0.TryEncode(c, out code))
        {
            set = g0;
            return true;
        }

        foreach (var candidate in _extensionSets)
        {
            if (!candidate.IsAsciiCompatible && candidate.TryEncode(c, out code))
            {
                set = candidate;
                return true;
            }
        }

        set = GraphicSet.Ascii;
        code = 0;
        return false;
    }

    private static void PutCode(ArrayBufferWriter<byte> output, GraphicSet set, int code, int highBit)
    {
        if (set.Kind == GraphicSetKind.Double94)
        {
            var span = output.GetSpan(2);
            span[0] = (byte)((code >> 8) | highBit);
            span[1] = (byte)((code & 0xFF) | highBit);
            output.Advance(2);
        }
        else
        {
            Put(output, (byte)(code | highBit));
        }
    }

    private static void Put(ArrayBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    /// <summary>1 when text[i] starts a surrogate pair that one '?' stands for, else 0.</summary>
    private static int SurrogatePairExtra(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 1 : 0;
}
