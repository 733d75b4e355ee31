using System.Diagnostics.CodeAnalysis;

namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>The defined terms of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5), plus ISO_IR 6.</summary>
internal static class DefinedTerms
{
    /// <summary>ISO_IR 6: not a defined term (the default is written as no value), but common; read as the default.</summary>
    public static DefinedTerm DefaultRepertoire { get; } = new("ISO_IR 6", CharacterSetKind.SingleByte, GraphicSet.Ascii, null);

    /// <summary>What an empty value 1 means when there are code extensions (PS3.3 C.12.1.1.2).</summary>
    public static DefinedTerm Iso2022Ir6 { get; } = new("ISO 2022 IR 6", CharacterSetKind.Iso2022, GraphicSet.Ascii, null);

    // A plain dictionary: a frozen one costs ~10 ms to build, paid by every short-lived CLI process.
    private static readonly Dictionary<string, DefinedTerm> s_byCompactName = Build().ToDictionary(t => Compact(t.Name), StringComparer.Ordinal);

    /// <summary>
    /// Looks a value of (0008,0005) up. Matching ignores case and everything but letters and digits,
    /// so the common misspellings "ISO IR 100", "ISO-IR 100" and "ISO_2022_IR_87" resolve as pydicom
    /// resolves them; nothing else is guessed.
    /// </summary>
    public static bool TryGet(string term, [NotNullWhen(true)] out DefinedTerm? definedTerm) =>
        s_byCompactName.TryGetValue(Compact(term), out definedTerm);

    private static string Compact(string term)
    {
        Span<char> buffer = term.Length <= 64 ? stackalloc char[term.Length] : new char[term.Length];
        var length = 0;
        foreach (var c in term)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    private static IEnumerable<DefinedTerm> Build()
    {
        yield return DefaultRepertoire;
        yield return Iso2022Ir6;

        (string Number, GraphicSet Set)[] singleByte =
        [
            ("100", GraphicSet.Latin1),
            ("101", GraphicSet.Latin2),
            ("109", GraphicSet.Latin3),
            ("110", GraphicSet.Latin4),
            ("144", GraphicSet.Cyrillic),
            ("127", GraphicSet.Arabic),
            ("126", GraphicSet.Greek),
            ("138", GraphicSet.Hebrew),
            ("148", GraphicSet.Latin5),
            ("166", GraphicSet.Thai),
            ("203", GraphicSet.Latin9),
        ];
        foreach (var (number, set) in singleByte)
        {
            yield return new("ISO_IR " + number, CharacterSetKind.SingleByte, GraphicSet.Ascii, set);
            yield return new("ISO 2022 IR " + number, CharacterSetKind.Iso2022, GraphicSet.Ascii, set);
        }

        yield return new("ISO_IR 13", CharacterSetKind.SingleByte, GraphicSet.JisRoman, GraphicSet.JisKatakana);
        yield return new("ISO 2022 IR 13", CharacterSetKind.Iso2022, GraphicSet.JisRoman, GraphicSet.JisKatakana);
        yield return new("ISO 2022 IR 87", CharacterSetKind.Iso2022, GraphicSet.JisX0208, null);
        yield return new("ISO 2022 IR 159", CharacterSetKind.Iso2022, GraphicSet.JisX0212, null);
        yield return new("ISO 2022 IR 149", CharacterSetKind.Iso2022, null, GraphicSet.KsX1001);
        yield return new("ISO 2022 IR 58", CharacterSetKind.Iso2022, null, GraphicSet.Gb2312);
        yield return new("ISO_IR 192", CharacterSetKind.Utf8, null, null);
        yield return new("GB18030", CharacterSetKind.Gb18030, null, null);
        yield return new("GBK", CharacterSetKind.Gbk, null, null);
    }
}
