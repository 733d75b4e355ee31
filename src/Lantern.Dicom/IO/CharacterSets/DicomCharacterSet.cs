using System.Collections.Concurrent;
using System.Text;
using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>
/// The character set named by Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2, PS3.5 §6.1):
/// decodes the raw values of SH, LO, ST, LT, PN, UC and UT to strings and encodes strings back.
/// Instances are immutable, thread-safe and shared: get them from <see cref="Default"/> or
/// <see cref="FromTerms"/>.
/// </summary>
/// <remarks>
/// <para>Supported: the default repertoire; ISO_IR 100, 101, 109, 110, 144, 127, 126, 138, 148, 203,
/// 166 (TIS 620) and 13 (JIS X 0201); ISO_IR 192 (UTF-8), GB18030 and GBK; and code extensions with
/// ISO 2022 IR 6, the ISO 2022 forms of all the single-byte sets, ISO 2022 IR 87 (JIS X 0208),
/// 159 (JIS X 0212), 149 (KS X 1001) and 58 (GB 2312). See <see cref="Iso2022Codec"/> for the
/// decoding rules and the leniencies towards common non-conformant data.</para>
/// <para>Decode a whole value and split it on '\' (and a PN on '=' and '^') afterwards: in JIS X
/// 0208 and GBK a 0x5C byte can be half of a character.</para>
/// <para>The default repertoire is ASCII. Its bytes 0x80–0xFF, which conformant data never holds,
/// decode as ISO 8859-1, as pydicom does: the usual cause is Latin-1 text written without (0008,0005),
/// and this keeps the bytes recoverable. Encoding is strict: characters the character set cannot
/// hold become '?' (see <see cref="CanEncode"/>).</para>
/// </remarks>
public sealed class DicomCharacterSet
{
    /// <summary>Distinct (0008,0005) combinations kept; beyond this new instances are still made, just not kept.</summary>
    private const int CacheCapacity = 256;

    private static readonly ConcurrentDictionary<string, DicomCharacterSet> s_cache = new(StringComparer.Ordinal);

    private readonly Iso2022Codec? _codec;
    private readonly Encoding? _decoding;
    private readonly Encoding? _encoding;
    private readonly Encoding? _strictEncoding;

    private DicomCharacterSet(string[] terms, List<string> unknownTerms, Iso2022Codec codec, bool usesCodeExtensions)
    {
        Terms = Array.AsReadOnly(terms);
        UnknownTerms = unknownTerms.AsReadOnly();
        UsesCodeExtensions = usesCodeExtensions;
        _codec = codec;
    }

    private DicomCharacterSet(string[] terms, List<string> unknownTerms, CharacterSetKind standAlone)
    {
        Terms = Array.AsReadOnly(terms);
        UnknownTerms = unknownTerms.AsReadOnly();
        switch (standAlone)
        {
            case CharacterSetKind.Utf8:
                _decoding = Encoding.UTF8;
                _encoding = Encoding.UTF8;
                _strictEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
                break;
            default:
                var codePage = standAlone == CharacterSetKind.Gb18030 ? 54936 : 936;
                _decoding = CodePages.Get(codePage, "?");
                _encoding = _decoding;
                _strictEncoding = CodePages.Get(codePage);
                break;
        }
    }

    /// <summary>The default repertoire (ISO-IR 6), for data sets without (0008,0005).</summary>
    public static DicomCharacterSet Default { get; } = new([], [],
        new Iso2022Codec(GraphicSet.Ascii, null, GraphicSet.Latin1, [], usesEscapes: false), usesCodeExtensions: false);

    /// <summary>The values of (0008,0005) this was made from, trimmed of padding; empty for <see cref="Default"/>.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>
    /// Non-empty values of (0008,0005) that were ignored: not a defined term (even allowing for case and
    /// punctuation slips such as "ISO IR 100"), or a stand-alone set (ISO_IR 192, GB18030, GBK)
    /// combined with others, where only a first value may stand and the rest are dropped.
    /// </summary>
    public IReadOnlyList<string> UnknownTerms { get; }

    /// <summary>Whether values may switch sets with ISO 2022 escape sequences (several values, or an "ISO 2022 …" term).</summary>
    public bool UsesCodeExtensions { get; }

    /// <summary>
    /// The character set for the values of (0008,0005), cached per distinct combination. Never throws.
    /// Values are trimmed of spaces and NULs; one holding backslashes is split into several.
    /// </summary>
    /// <remarks>
    /// An empty value 1 with further values means ISO 2022 IR 6. A value 1 that is not a defined
    /// term is reported in <see cref="UnknownTerms"/> and read as the default repertoire (pydicom
    /// falls back the same way, with a warning; DCMTK refuses to convert such values), keeping any
    /// further, known values as code extensions. Lenient beyond the standard: ISO_IR forms among
    /// several values act as their ISO 2022 forms, and a two-byte set as value 1 (e.g. a lone
    /// "ISO 2022 IR 149") keeps ASCII in G0 and, if it is a G1 set, is the initial G1.
    /// </remarks>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> specificCharacterSet)
    {
        if (specificCharacterSet is null || specificCharacterSet.Count == 0)
        {
            return Default;
        }

        // A caller may pass the undivided value (@"\ISO 2022 IR 87"); CS values never hold a backslash.
        var terms = new List<string>(specificCharacterSet.Count);
        foreach (var value in specificCharacterSet)
        {
            foreach (var term in (value ?? string.Empty).Split('\\'))
            {
                terms.Add(term.Trim(' ', '\0'));
            }
        }

        if (terms.Count == 1 && terms[0].Length == 0)
        {
            return Default;
        }

        var key = string.Join('\\', terms);
        if (s_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var created = Create([.. terms]);
        return s_cache.Count < CacheCapacity ? s_cache.GetOrAdd(key, created) : created;
    }

    /// <summary>
    /// Decodes a whole raw value (all its values with their '\' delimiters). VRs that do not use the
    /// Specific Character Set (AE, CS, DA, UI, UR, …) are decoded in the default repertoire. Invalid
    /// bytes become U+FFFD; padding is kept (trimming it is the caller's, per VR). Never throws.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        if (!vr.UsesSpecificCharacterSet && this != Default)
        {
            return Default.Decode(value, vr);
        }

        if (_codec is not null)
        {
            return _codec.Decode(value, vr);
        }

        return System.Text.Ascii.IsValid(value) ? Encoding.ASCII.GetString(value) : _decoding!.GetString(value);
    }

    /// <summary>
    /// Encodes a whole value (values joined by '\'), with escape sequences where there are code
    /// extensions. Characters the character set cannot hold become '?'. No padding is added.
    /// </summary>
    public byte[] Encode(string text, DicomVR vr) => EncodeCore(text, vr, out _);

    /// <summary>Whether <see cref="Encode"/> would keep every character of <paramref name="text"/>.</summary>
    public bool CanEncode(string text, DicomVR vr)
    {
        if (_codec is not null || !vr.UsesSpecificCharacterSet)
        {
            EncodeCore(text, vr, out var lossless);
            return lossless;
        }

        try
        {
            _ = _strictEncoding!.GetByteCount(text ?? string.Empty);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    public override string ToString() => Terms.Count == 0 ? "(default repertoire)" : string.Join('\\', Terms);

    private byte[] EncodeCore(string text, DicomVR vr, out bool lossless)
    {
        text ??= string.Empty;
        if (!vr.UsesSpecificCharacterSet && this != Default)
        {
            return Default.EncodeCore(text, vr, out lossless);
        }

        if (_codec is not null)
        {
            return _codec.Encode(text, vr, out lossless);
        }

        lossless = true;
        return _encoding!.GetBytes(text);
    }

    private static DicomCharacterSet Create(string[] terms)
    {
        var unknown = new List<string>();
        var resolved = new DefinedTerm?[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            if (terms[i].Length == 0)
            {
                // Value 1 empty: the default; an empty later value has no meaning and is skipped.
                resolved[i] = i == 0 ? (terms.Length > 1 ? DefinedTerms.Iso2022Ir6 : DefinedTerms.DefaultRepertoire) : null;
            }
            else if (DefinedTerms.TryGet(terms[i], out var term))
            {
                resolved[i] = term;
            }
            else
            {
                unknown.Add(terms[i]);
            }
        }

        var first = resolved[0];
        if (first is { Kind: CharacterSetKind.Utf8 or CharacterSetKind.Gb18030 or CharacterSetKind.Gbk })
        {
            for (var i = 1; i < terms.Length; i++)
            {
                if (resolved[i] is not null)
                {
                    unknown.Add(terms[i]);
                }
            }

            return new DicomCharacterSet(terms, unknown, first.Kind);
        }

        if (terms.Length == 1 && first?.Kind != CharacterSetKind.Iso2022)
        {
            var g1 = first?.G1;
            var single = new Iso2022Codec(first?.G0 ?? GraphicSet.Ascii, g1, g1 ?? GraphicSet.Latin1, [], usesEscapes: false);
            return new DicomCharacterSet(terms, unknown, single, usesCodeExtensions: false);
        }

        var sets = new List<GraphicSet>();
        for (var i = 0; i < terms.Length; i++)
        {
            var term = resolved[i];
            if (term is null)
            {
                continue;
            }

            if (term.G0 is null && term.G1 is null)
            {
                // A stand-alone set cannot be a code extension (PS3.5 §6.1.2.5.4 d).
                unknown.Add(terms[i]);
                continue;
            }

            foreach (var set in new[] { term.G0, term.G1 })
            {
                if (set is not null && !sets.Contains(set))
                {
                    sets.Add(set);
                }
            }
        }

        var initialG0 = first?.G0 is { IsAsciiCompatible: true } g0 ? g0 : GraphicSet.Ascii;
        var initialG1 = first?.G1;
        var undefinedG1 = initialG1 ?? sets.Find(s => !s.DesignatesG0) ?? GraphicSet.Latin1;
        var codec = new Iso2022Codec(initialG0, initialG1, undefinedG1, [.. sets], usesEscapes: true);
        return new DicomCharacterSet(terms, unknown, codec, usesCodeExtensions: true);
    }
}
