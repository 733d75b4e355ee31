using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.CharacterSets;
using Xunit;
using Xunit.Abstractions;

namespace Lantern.Dicom.Tests.IO.CharacterSets;

public sealed class DicomCharacterSetTests
{
    private const string PythonWithPydicom = "/usr/bin/python3";
    private const string ReferenceScript = "charset_reference.py";

    /// <summary>
    /// Corpus values where pydicom's decoding differs from ours on purpose, keyed "file tag", each
    /// with the reason. Empty for pydicom 2.3.1: it decodes every value of its charset_files as we
    /// do. An entry must still differ, or the test fails (then drop the entry).
    /// </summary>
    private static readonly Dictionary<string, string> s_knownCorpusDifferences = new(StringComparer.Ordinal);

    /// <summary>The same for the synthetic table values of charset_reference.py, keyed by their name.</summary>
    private static readonly Dictionary<string, string> s_knownSyntheticDifferences = new(StringComparer.Ordinal)
    {
        // Python's tis_620 leaves 0xA0 undefined (U+FFFD); ISO-IR 166 is registered as a 96-character
        // set, and ISO 8859-11, its superset, maps 0xA0 to NO-BREAK SPACE, which we return.
        ["ISO_IR 166 80-FF"] = "0xA0: NBSP here, U+FFFD in pydicom",
        // GB 2312 0xA1A4 and 0xA1AA: Python's gb2312 codec follows the old GB2312.TXT (U+30FB, U+2015);
        // we follow GBK/GB18030, Windows and WHATWG (U+00B7, U+2014), so an IR 58 value reads like the
        // same bytes under GBK or GB18030. Both old forms are still accepted when encoding.
        ["ISO 2022 IR 58 row 21"] = "0xA1A4 and 0xA1AA mappings",
        // pydicom hands IR 58 values to Python's gb2312 codec with the escape sequence still in
        // them; that codec is EUC-CN, so ESC $ ) A comes out as text ("\u001B$)A张").
        ["ISO 2022 IR 58 with escape"] = "pydicom keeps ESC $ ) A in its output",
    };

    private static readonly Lazy<string> s_reference = new(RunReferenceScript);

    private static readonly string[] s_escapeSequences =
        ["\e$B", "\e$(D", "\e$)C", "\e$)A", "\e(B", "\e(J", "\e)I", "\e-A", "\e-L", "\e(I", "\e$@", "\e$", "\e"];

    private readonly ITestOutputHelper _output;

    public DicomCharacterSetTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Decode_PydicomCharsetCorpus_MatchesPydicom()
    {
        var compared = CompareWithPydicom("values", e => $"{e.GetProperty("file").GetString()} {e.GetProperty("tag").GetString()}",
            s_knownCorpusDifferences);

        Assert.True(compared >= 150, $"Only {compared} corpus values were compared.");
    }

    [Fact]
    public void Decode_EveryTableCodeThroughPydicom_MatchesPydicom()
    {
        var compared = CompareWithPydicom("synthetic", e => e.GetProperty("name").GetString()!, s_knownSyntheticDifferences);

        Assert.True(compared >= 300, $"Only {compared} synthetic values were compared.");
    }

    /// <summary>
    /// Decodes each raw value of one list of charset_reference.py's output and compares it with
    /// pydicom's decoding; fails on any difference not in <paramref name="known"/>, and on any
    /// known difference that no longer occurs. Returns the number of values compared.
    /// </summary>
    private int CompareWithPydicom(string list, Func<JsonElement, string> keyOf, Dictionary<string, string> known)
    {
        using var reference = JsonDocument.Parse(s_reference.Value);
        var mismatches = new List<string>();
        var stillDifferent = new HashSet<string>(StringComparer.Ordinal);
        var compared = 0;
        foreach (var entry in reference.RootElement.GetProperty(list).EnumerateArray())
        {
            var key = keyOf(entry);
            var vr = DicomVR.Parse(entry.GetProperty("vr").GetString()!);
            var terms = entry.GetProperty("terms").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var raw = Convert.FromHexString(entry.GetProperty("raw").GetString()!);
            var expected = entry.GetProperty("decoded").EnumerateArray().Select(v => v.GetString()!).ToList();

            var actual = AsPydicomPresentsIt(DicomCharacterSet.FromTerms(terms).Decode(raw, vr), vr);
            compared++;
            if (actual.SequenceEqual(expected, StringComparer.Ordinal))
            {
                continue;
            }

            if (known.TryGetValue(key, out var reason))
            {
                stillDifferent.Add(key);
                _output.WriteLine($"known difference {key} ({reason}): pydicom {Show(expected)} vs ours {Show(actual)}");
                continue;
            }

            mismatches.Add($"{key} {vr} [{string.Join("\\", terms)}] raw={Convert.ToHexString(raw)}: "
                + $"pydicom {Show(expected)} vs ours {Show(actual)}");
        }

        _output.WriteLine($"pydicom {reference.RootElement.GetProperty("pydicom").GetString()}, "
            + $"{reference.RootElement.GetProperty("folder").GetString()}: compared {compared} {list}, "
            + $"{stillDifferent.Count} known differences, {mismatches.Count} mismatches.");
        foreach (var mismatch in mismatches)
        {
            _output.WriteLine(mismatch);
        }

        Assert.Empty(mismatches);
        Assert.Empty(known.Keys.Except(stillDifferent));
        return compared;
    }

    [Theory]
    [InlineData("ISO_IR 100", "PN", "Buc^Jérôme")]
    [InlineData("ISO_IR 101", "PN", "Dvořák^Zdeněk")]
    [InlineData("ISO_IR 109", "LO", "Ħal Għargħur")]
    [InlineData("ISO_IR 110", "LO", "Šiauliai ūkis")]
    [InlineData("ISO_IR 144", "PN", "Люксембург")]
    [InlineData("ISO_IR 127", "PN", "قباني^لنزار")]
    [InlineData("ISO_IR 126", "PN", "Διονυσιος")]
    [InlineData("ISO_IR 138", "PN", "שרון^דבורה")]
    [InlineData("ISO_IR 148", "PN", "Çağlar^Şükrü")]
    [InlineData("ISO_IR 166", "PN", "สมชาย^ใจดี")]
    [InlineData("ISO_IR 203", "LO", "Œuvre €")]
    [InlineData("ISO_IR 13", "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ")]
    [InlineData("ISO_IR 192", "PN", "Wang^XiaoDong=王^小東=")]
    [InlineData("ISO_IR 192", "UT", "emoji 😀, ü, ひらがな")]
    [InlineData("GB18030", "PN", "Wang^XiaoDong=王^小东=")]
    [InlineData("GB18030", "LT", "😀 𠀀 €")]
    [InlineData("GBK", "LO", "王小东\\张")]
    [InlineData("ISO 2022 IR 6", "LO", "plain")]
    [InlineData("ISO 2022 IR 100", "LO", "Jérôme\\Müller")]
    [InlineData("\\ISO 2022 IR 100\\ISO 2022 IR 144", "LO", "Jérôme Люкс é")]
    [InlineData("ISO 2022 IR 126\\ISO 2022 IR 148", "ST", "Διονυσιος Şükrü\\Δ")]
    [InlineData("\\ISO 2022 IR 87", "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("ISO 2022 IR 13\\ISO 2022 IR 87", "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
    [InlineData("\\ISO 2022 IR 87", "LO", "山田\\太郎 abc\\")]
    [InlineData("\\ISO 2022 IR 87", "LT", "山田\r\n太郎 ①\t全角ＡＢＣ")]
    [InlineData("\\ISO 2022 IR 159", "LO", "丂")]
    [InlineData("\\ISO 2022 IR 87\\ISO 2022 IR 159", "PN", "山田丂^太郎")]
    [InlineData("\\ISO 2022 IR 149", "PN", "Hong^Gildong=洪^吉洞=홍^길동")]
    [InlineData("\\ISO 2022 IR 149", "LT", "김희중\r\n김희중 abc")]
    [InlineData("\\ISO 2022 IR 58", "PN", "Zhang^XiaoDong=张^小东=")]
    [InlineData("ISO 2022 IR 100\\ISO 2022 IR 87\\ISO 2022 IR 149", "LO", "Jérôme 山田 홍길동")]
    public void Encode_SupportedText_DecodesToSameText(string terms, string vrCode, string text)
    {
        var characterSet = DicomCharacterSet.FromTerms(terms.Split('\\'));
        var vr = DicomVR.Parse(vrCode);

        var encoded = characterSet.Encode(text, vr);

        Assert.Empty(characterSet.UnknownTerms);
        Assert.True(characterSet.CanEncode(text, vr));
        Assert.Equal(text, characterSet.Decode(encoded, vr));
    }

    [Fact]
    public void Decode_Iso2022Ir87PersonNameWithThreeGroups_ReturnsAllGroups()
    {
        // PS3.5 Annex H, example 1 (pydicom's chrH31.dcm).
        var raw = Bytes("Yamada^Tarou=\e$B;3ED\e(B^\e$BB@O:\e(B=\e$B$d$^$@\e(B^\e$B$?$m$&\e(B");
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", characterSet.Decode(raw, DicomVR.PN));
        Assert.Equal(raw, characterSet.Encode("Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN));
    }

    [Fact]
    public void Decode_Iso2022Ir13AndIr87PersonName_ReturnsKatakanaAndKanji()
    {
        // PS3.5 Annex H, example 2 (chrH32.dcm): value 1 ISO 2022 IR 13 puts katakana in G1 from the start.
        var raw = Convert.FromHexString("D4CFC0DE5EC0DBB33D1B24423B3345441B284A5E1B244242404F3A1B284A3D1B24422464245E24401B284A5E1B2442243F246D24261B284A");
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 13", "ISO 2022 IR 87"]);

        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", characterSet.Decode(raw, DicomVR.PN));
        Assert.Equal(raw, characterSet.Encode("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", DicomVR.PN));
    }

    [Fact]
    public void Decode_Iso2022Ir149PersonName_RedesignatesG1AfterEachDelimiter()
    {
        // PS3.5 Annex I (chrI2.dcm): ESC $ ) C is repeated after every '^' and '='.
        var raw = Bytes("Hong^Gildong=\e$)C\u00FB\u00F3^\e$)C\u00D1\u00CE\u00D4\u00D7=\e$)C\u00C8\u00AB^\e$)C\u00B1\u00E6\u00B5\u00BF");
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        Assert.Equal("Hong^Gildong=洪^吉洞=홍^길동", characterSet.Decode(raw, DicomVR.PN));
        Assert.Equal(raw, characterSet.Encode("Hong^Gildong=洪^吉洞=홍^길동", DicomVR.PN));
    }

    [Fact]
    public void Decode_Iso2022Ir58PersonName_ReturnsSimplifiedChinese()
    {
        // PS3.5 Annex K.2 style: GB 2312 in G1 with ESC $ ) A.
        var raw = Bytes("Zhang^XiaoDong=\e$)A\u00D5\u00C5^\e$)A\u00D0\u00A1\u00B6\u00AB=");
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 6", "ISO 2022 IR 58"]);

        Assert.Equal("Zhang^XiaoDong=张^小东=", characterSet.Decode(raw, DicomVR.PN));
        Assert.Equal(raw, characterSet.Encode("Zhang^XiaoDong=张^小东=", DicomVR.PN));
    }

    [Fact]
    public void Decode_Iso2022Ir159_ReturnsJisX0212Character()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 159"]);

        Assert.Equal("a丂b", characterSet.Decode(Bytes("a\e$(D0!\e(Bb"), DicomVR.LO));
    }

    [Fact]
    public void Decode_SingleByteSetWithoutExtensions_UsesUpperHalfTable()
    {
        Assert.Equal("Buc^Jérôme", DicomCharacterSet.FromTerms(["ISO_IR 100"]).Decode(Bytes("Buc^J\u00E9r\u00F4me"), DicomVR.PN));
        Assert.Equal("Люкceмбypг", DicomCharacterSet.FromTerms(["ISO_IR 144"]).Decode(Convert.FromHexString("BBEEDA6365DCD17970D3"), DicomVR.PN));
        Assert.Equal("สมชาย", DicomCharacterSet.FromTerms(["ISO_IR 166"]).Decode(Convert.FromHexString("CAC1AAD2C2"), DicomVR.PN));
    }

    [Fact]
    public void Decode_BackslashInMultiValuedVr_ResetsToInitialSets()
    {
        // After '\' G1 is undefined again, so 0xBB falls back to the first G1 set of the terms (Latin-1).
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 100", "ISO 2022 IR 144"]);
        var raw = Bytes("\e-L\u00BB\\\u00BB");

        Assert.Equal("Л\\»", characterSet.Decode(raw, DicomVR.LO));
        Assert.Equal("Л\\Л", characterSet.Decode(raw, DicomVR.ST));
    }

    [Fact]
    public void Decode_ControlCharacterAndPersonNameDelimiters_ResetToInitialSets()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 144"]);

        Assert.Equal("Л\r\n»", characterSet.Decode(Bytes("\e-L\u00BB\r\n\u00BB"), DicomVR.LT));
        Assert.Equal("Л^»=»", characterSet.Decode(Bytes("\e-L\u00BB^\u00BB=\u00BB"), DicomVR.PN));
        Assert.Equal("Л^ЛЛ", characterSet.Decode(Bytes("\e-L\u00BB^\u00BB\u00BB"), DicomVR.LO));
    }

    [Fact]
    public void Decode_DelimiterByteInsideJisX0208_IsPartOfCharacter()
    {
        // やまだ is $d$^$@: the 0x5E ('^') is the second byte of ま, not a component delimiter.
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("やまだ^たろう", characterSet.Decode(Bytes("\e$B$d$^$@\e(B^\e$B$?$m$&\e(B"), DicomVR.PN));
    }

    [Fact]
    public void Decode_IsoIr13WithShiftJisBytes_ReadsKanjiLeniently()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 13"]);

        Assert.Equal("ﾔﾏﾀﾞ^山田", characterSet.Decode(Convert.FromHexString("D4CFC0DE5E8E529363"), DicomVR.PN));
    }

    [Fact]
    public void Decode_KoreanWithoutEscapeSequence_UsesDeclaredG1Set()
    {
        // Non-conformant but common: EUC-KR bytes without ESC $ ) C.
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        Assert.Equal("홍^길동", characterSet.Decode(Convert.FromHexString("C8AB5EB1E6B5BF"), DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 192", "41C328FF", "A\uFFFD(\uFFFD")]
    [InlineData("ISO_IR 192", "E282", "\uFFFD")]
    [InlineData("GB18030", "4181", "A\uFFFD")]
    [InlineData("GBK", "81", "\uFFFD")]
    [InlineData("\\ISO 2022 IR 87", "1B24423B", "\uFFFD")]
    [InlineData("\\ISO 2022 IR 87", "1B2442", "")]
    [InlineData("\\ISO 2022 IR 87", "411B", "A\uFFFD")]
    [InlineData("\\ISO 2022 IR 87", "1B245A41", "\uFFFDA")]
    [InlineData("\\ISO 2022 IR 149", "1B242943B141", "\uFFFDA")]
    [InlineData("\\ISO 2022 IR 149", "1B242943A1", "\uFFFD")]
    [InlineData("ISO_IR 127", "A1", "\uFFFD")]
    [InlineData("ISO_IR 138", "C0", "\uFFFD")]
    [InlineData("ISO_IR 13", "E0", "\uFFFD")]
    public void Decode_InvalidBytes_ReturnsReplacementCharacter(string terms, string hex, string expected)
    {
        var characterSet = DicomCharacterSet.FromTerms(terms.Split('\\'));

        Assert.Equal(expected, characterSet.Decode(Convert.FromHexString(hex), DicomVR.LO));
    }

    [Fact]
    public void Decode_RandomBytesInEverySet_NeverThrows()
    {
        string[][] combinations =
        [
            [], ["ISO_IR 100"], ["ISO_IR 101"], ["ISO_IR 109"], ["ISO_IR 110"], ["ISO_IR 144"], ["ISO_IR 127"],
            ["ISO_IR 126"], ["ISO_IR 138"], ["ISO_IR 148"], ["ISO_IR 166"], ["ISO_IR 203"], ["ISO_IR 13"],
            ["ISO_IR 192"], ["GB18030"], ["GBK"], ["ISO 2022 IR 6", "ISO 2022 IR 100"],
            ["", "ISO 2022 IR 87", "ISO 2022 IR 159"], ["ISO 2022 IR 13", "ISO 2022 IR 87"],
            ["", "ISO 2022 IR 149"], ["", "ISO 2022 IR 58"], ["NOT A TERM"],
        ];
        var random = new Random(20240601);
        var escapes = s_escapeSequences.Select(Bytes).ToArray();
        foreach (var terms in combinations)
        {
            var characterSet = DicomCharacterSet.FromTerms(terms);
            for (var round = 0; round < 300; round++)
            {
                var bytes = new List<byte>();
                var length = random.Next(0, 40);
                while (bytes.Count < length)
                {
                    if (random.Next(6) == 0)
                    {
                        bytes.AddRange(escapes[random.Next(escapes.Length)]);
                    }
                    else
                    {
                        bytes.Add((byte)random.Next(256));
                    }
                }

                foreach (var vr in new[] { DicomVR.PN, DicomVR.LO, DicomVR.UT, DicomVR.CS })
                {
                    var decoded = characterSet.Decode(bytes.ToArray(), vr);
                    Assert.NotNull(decoded);
                    _ = characterSet.Encode(decoded, vr);
                }
            }
        }
    }

    [Fact]
    public void FromTerms_UnknownTerm_IsReportedAndFallsBackToDefaultRepertoire()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 999"]);

        Assert.Equal("ISO_IR 999", Assert.Single(characterSet.UnknownTerms));
        Assert.Equal("ISO_IR 999", Assert.Single(characterSet.Terms));
        Assert.Equal("Jos\u00E9", characterSet.Decode(Bytes("Jos\u00E9"), DicomVR.PN));
    }

    [Fact]
    public void FromTerms_UnknownCodeExtension_IsReportedAndOthersStillApply()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87", "ISO 2022 IR 999"]);

        Assert.Equal("ISO 2022 IR 999", Assert.Single(characterSet.UnknownTerms));
        Assert.Equal("山田", characterSet.Decode(Bytes("\e$B;3ED\e(B"), DicomVR.PN));
    }

    [Fact]
    public void FromTerms_StandAloneSetWithExtensions_ReportsTheIgnoredValues()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 192", "ISO 2022 IR 100"]);

        Assert.Equal("ISO 2022 IR 100", Assert.Single(characterSet.UnknownTerms));
        Assert.Equal("王", characterSet.Decode(Encoding.UTF8.GetBytes("王"), DicomVR.LO));
        Assert.Equal("GB18030", Assert.Single(DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87", "GB18030"]).UnknownTerms));
    }

    [Fact]
    public void FromTerms_CommonMisspelling_IsResolved()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO IR 100 "]);

        Assert.Empty(characterSet.UnknownTerms);
        Assert.Equal("é", characterSet.Decode([0xE9], DicomVR.LO));
    }

    [Fact]
    public void FromTerms_SameCombination_ReturnsCachedInstance()
    {
        Assert.Same(DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]), DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87 "]));
        Assert.Same(DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]), DicomCharacterSet.FromTerms([@"\ISO 2022 IR 87"]));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromTerms([]));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromTerms([""]));
        Assert.Empty(DicomCharacterSet.Default.Terms);
    }

    [Fact]
    public void Decode_VrWithoutSpecificCharacterSet_UsesDefaultRepertoire()
    {
        var utf8 = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        Assert.Equal("\u00C3\u00A9", utf8.Decode([0xC3, 0xA9], DicomVR.CS));
        Assert.Equal("é", utf8.Decode([0xC3, 0xA9], DicomVR.SH));
        Assert.Equal("?"u8.ToArray(), utf8.Encode("é", DicomVR.AE));
    }

    [Fact]
    public void Decode_DefaultRepertoireAscii_ReturnsSameText()
    {
        Assert.Equal("ABC^DEF\\GHI ", DicomCharacterSet.Default.Decode("ABC^DEF\\GHI "u8, DicomVR.PN));
        Assert.Equal("", DicomCharacterSet.Default.Decode([], DicomVR.PN));
    }

    [Fact]
    public void Encode_CharacterOutsideSet_WritesQuestionMark()
    {
        var latin1 = DicomCharacterSet.FromTerms(["ISO_IR 100"]);

        Assert.Equal(Bytes("J\u00E9r\u00F4me ?"), latin1.Encode("Jérôme 山", DicomVR.LO));
        Assert.False(latin1.CanEncode("Jérôme 山", DicomVR.LO));
        Assert.False(DicomCharacterSet.Default.CanEncode("é", DicomVR.LO));
        Assert.False(DicomCharacterSet.FromTerms(["GBK"]).CanEncode("😀", DicomVR.LO));
        Assert.Equal(Bytes("\e$B;3\e(B?"), DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]).Encode("山😀", DicomVR.LO));
    }

    /// <summary>pydicom's presentation: trailing spaces/NULs stripped, values split, trailing empty PN groups dropped.</summary>
    private static List<string> AsPydicomPresentsIt(string decoded, DicomVR vr)
    {
        if (vr == DicomVR.PN)
        {
            return decoded.TrimEnd('\0', ' ').Split('\\').Select(value =>
            {
                var groups = value.Split('=').ToList();
                while (groups.Count > 0 && groups[^1].Length == 0)
                {
                    groups.RemoveAt(groups.Count - 1);
                }

                return string.Join('=', groups);
            }).ToList();
        }

        return vr.IsMultiValuedText
            ? decoded.Split('\\').Select(value => value.TrimEnd('\0', ' ')).ToList()
            : [decoded.TrimEnd('\0', ' ')];
    }

    private static string Show(List<string> values) =>
        "[" + string.Join(", ", values.Select(v => "\"" + string.Concat(v.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString())) + "\"")) + "]";

    /// <summary>Bytes of a string whose characters are all U+0000–U+00FF (one byte each).</summary>
    private static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    private static string RunReferenceScript()
    {
        Assert.True(File.Exists(PythonWithPydicom),
            $"{PythonWithPydicom} is missing; this test needs Debian's python3 with pydicom (apt-get install python3-pydicom).");
        var start = new ProcessStartInfo(PythonWithPydicom)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(FindReferenceScript());
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "charset_reference.py did not finish in 2 minutes.");
        Assert.True(process.ExitCode == 0, $"charset_reference.py failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }

    private static string FindReferenceScript([CallerFilePath] string sourceFile = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(sourceFile) ?? ".", ReferenceScript);
        if (File.Exists(beside))
        {
            return beside;
        }

        // Builds with a path map hide the source path: walk up from the output folder instead.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Lantern.Dicom.Tests", "IO", "CharacterSets", ReferenceScript);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("charset_reference.py was not found next to the test source.", ReferenceScript);
    }
}
