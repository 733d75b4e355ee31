using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace Lantern.Dicom.Tests.Conformance;

/// <summary>
/// The reader's acceptance test against pydicom's corpus (installed by `apt-get install
/// python3-pydicom`; ./test.sh does) with DCMTK (`apt-get install dcmtk`) as the second reader:
/// every file either reads, or is rejected with a <see cref="DicomReadException"/> as listed here;
/// every file read gives the same DICOM JSON as <c>dcm2json</c>, element by element (tags, VRs,
/// values: numbers compared as numbers, strings exactly, base64 as bytes). Disagreements are
/// collected across the corpus and listed together; those that are DCMTK's are allowed below, each
/// with its reason.
/// </summary>
public sealed class PydicomCorpusTests(ITestOutputHelper log)
{
    private const string DataRoot = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>The corpus: pydicom's test files, its character set files, and its colour palettes.</summary>
    private static readonly string[] Folders = ["test_files", "charset_files", "palettes"];

    /// <summary>Files beside the DICOM files that are not DICOM at all, and are not offered to the reader.</summary>
    private static readonly Dictionary<string, string> NotDicom = new(StringComparer.Ordinal)
    {
        ["charset_files/FileInfo.txt"] = "text: describes the character set files",
        ["palettes/README.md"] = "text",
        ["test_files/README.txt"] = "text: describes the test files",
        ["test_files/dicomdirtests/README.txt"] = "text",
        ["test_files/dicomdirtests/TINY_ALPHA/README"] = "text",
        ["test_files/rtplan.dump"] = "text: a dcmdump listing of rtplan.dcm",
        ["test_files/rtstruct.dump"] = "text: a dcmdump listing of rtstruct.dcm",
        ["test_files/test1.json"] = "DICOM JSON, pydicom's JSON reader input",
        ["test_files/test_PN.json"] = "DICOM JSON, pydicom's JSON reader input",
        ["test_files/zipMR.gz"] = "gzip: pydicom tests opening a compressed file object",
    };

    /// <summary>
    /// DICOM-like files we reject, each with words the <see cref="DicomReadException.Reason"/> must
    /// contain. DCMTK rejects each of these too.
    /// </summary>
    private static readonly Dictionary<string, string> Rejected = new(StringComparer.Ordinal)
    {
        // Cut short inside Pixel Data: the declared length runs past the end of the file.
        ["test_files/MR_truncated.dcm"] = "runs past the end",

        // Cut short inside a sequence: a value's declared length runs past the end of the file.
        ["test_files/rtplan_truncated.dcm"] = "runs past the end",

        // A stray byte (0x20) before an Explicit VR data set without preamble or meta information:
        // no tag can be read from the start, so it is not recognisably a data set.
        ["test_files/no_meta.dcm"] = "not DICOM",

        // The meta information says JPEG Baseline (Explicit VR) but the data set is Implicit VR:
        // the first element's VR field holds a length.
        ["test_files/SC_rgb_jpeg.dcm"] = "invalid VR",
    };

    /// <summary>
    /// Files whose Specific Character Set includes ISO 2022 IR 87 (JIS X 0208), which DCMTK's iconv
    /// build cannot convert: dcm2json fails on them ("Cannot open character encoding"). dcm2json
    /// is given a copy that declares ISO_IR 100 instead, so that it still reads every element and
    /// passes every byte through; values that hold escape sequences or bytes above 0x7F then differ
    /// from our (correct) decoding and are allowed by <see cref="IsAllowedByRule"/>. Our decoding of
    /// these files is checked against pydicom's by the character set tests.
    /// </summary>
    private static readonly HashSet<string> DeclaredLatin1ForDcmtk = new(StringComparer.Ordinal)
    {
        "charset_files/chrH31.dcm",
        "charset_files/chrH32.dcm",
        "charset_files/chrJapMulti.dcm",
        "charset_files/chrJapMultiExplicitIR6.dcm",
        "charset_files/chrSQEncoding1.dcm",
        "test_files/J2K_pixelrep_mismatch.dcm",
    };

    /// <summary>Disagreements that are DCMTK quirks, not our bugs: (file, JSON path) → why.</summary>
    private static readonly Dictionary<(string File, string Path), string> AllowedDisagreements = new()
    {
        // The data set is UTF-8 (ISO_IR 192) but the item declares ISO 2022 IR 13\ISO 2022 IR 87 and
        // its PN is encoded so. dcm2json converts only from the top level's character set: it
        // passes the item's bytes through untouched, which is not UTF-8 (and keeps the escapes).
        [("charset_files/chrSQEncoding.dcm", "")] = "dcm2json writes the item's JIS bytes as they are: invalid UTF-8",
        [("charset_files/chrSQEncoding.dcm", "00321064[0].00100010")] = "dcm2json ignores the item's own Specific Character Set",

        // An odd-length value (9 bytes, "Nested SQ") of an unknown element in an implicit VR
        // sequence: DCMTK pads the value with a NUL as it loads it; the file holds 9 bytes.
        [("test_files/meta_missing_tsyntax.dcm", "00010001[0].00010002")] = "DCMTK pads an odd-length UN value to even length",
        [("test_files/nested_priv_SQ.dcm", "00010001[0].00010002")] = "DCMTK pads an odd-length UN value to even length",
    };

    [Fact]
    public void Open_EveryCorpusFile_ReadsOrIsRejectedAsListed()
    {
        var files = CorpusFiles();
        var failures = new List<string>();
        foreach (var listed in NotDicom.Keys.Concat(Rejected.Keys).Concat(DeclaredLatin1ForDcmtk))
        {
            if (!files.ContainsKey(listed))
            {
                failures.Add($"{listed}: listed in this test but not in the corpus");
            }
        }

        var read = 0;
        foreach (var (name, path) in files)
        {
            if (NotDicom.ContainsKey(name))
            {
                continue;
            }

            var (file, error) = TryRead(path);
            if (Rejected.TryGetValue(name, out var expected))
            {
                if (file is not null)
                {
                    failures.Add($"{name}: read, but is listed as rejected ({expected})");
                }
                else if (error is not DicomReadException rejection)
                {
                    failures.Add($"{name}: rejected with {error!.GetType().Name} instead of DicomReadException: {error.Message}");
                }
                else if (!rejection.Reason.Contains(expected, StringComparison.Ordinal))
                {
                    failures.Add($"{name}: rejected for \"{rejection.Message}\", expected a reason naming \"{expected}\"");
                }
            }
            else if (error is not null)
            {
                failures.Add($"{name}: {error.GetType().Name}: {error.Message}");
            }
            else
            {
                read++;
            }
        }

        log.WriteLine($"{files.Count} files: {NotDicom.Count} not DICOM, {read} read, {Rejected.Count} rejected as listed.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Write_EveryReadableCorpusFile_AgreesWithDcm2Json()
    {
        var readable = new List<(string Name, string Path, DicomFile File)>();
        foreach (var (name, path) in CorpusFiles())
        {
            if (!NotDicom.ContainsKey(name) && !Rejected.ContainsKey(name) && TryRead(path).File is { } file)
            {
                readable.Add((name, path, file));
            }
        }

        var encapsulated = readable.Count(r => r.File.Dataset[new DicomTag(0x7FE0, 0x0010)] is DicomFragmentSequence);
        var scratch = Directory.CreateTempSubdirectory("lantern-corpus-");
        var disagreements = new ConcurrentBag<JsonDisagreement>();
        try
        {
            await Parallel.ForEachAsync(
                readable,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                async (entry, cancellation) =>
                {
                    foreach (var disagreement in await CompareAsync(entry.Name, entry.Path, entry.File, scratch.FullName, cancellation))
                    {
                        disagreements.Add(disagreement);
                    }
                });
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var allowedByRule = disagreements.Where(IsAllowedByRule).ToList();
        var allowed = disagreements.Where(d => AllowedDisagreements.ContainsKey((d.File, d.Path))).ToList();
        var failures = disagreements.Except(allowedByRule).Except(allowed)
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Path, StringComparer.Ordinal)
            .Select(d => d.ToString()).ToList();

        // An allow-list entry that no longer matches anything hides nothing and must go.
        failures.AddRange(AllowedDisagreements.Keys
            .Where(key => !allowed.Any(d => (d.File, d.Path) == key))
            .Select(key => $"{key.File}: {key.Path}: allowed in this test but no longer disagrees"));

        log.WriteLine(
            $"{readable.Count} files compared with dcm2json ({encapsulated} with encapsulated Pixel Data, compared with dcmdump +W); "
            + $"{disagreements.Count} disagreements: "
            + $"{allowedByRule.Count} allowed by rule, {allowed.Count} allowed by entry, {failures.Count} failing.");
        foreach (var group in allowedByRule.GroupBy(RuleOf))
        {
            log.WriteLine($"  rule \"{group.Key}\": {group.Count()} in {group.Select(d => d.File).Distinct().Count()} files");
        }

        foreach (var disagreement in allowed.Concat(allowedByRule.Where(d => d.Theirs is null || d.TheirsOutsidePrintableAscii)))
        {
            log.WriteLine($"  allowed: {disagreement}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The corpus by name relative to <see cref="DataRoot"/>, e.g. "test_files/CT_small.dcm".</summary>
    private static SortedDictionary<string, string> CorpusFiles()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Folders)
        {
            var root = Path.Combine(DataRoot, folder);
            if (!Directory.Exists(root))
            {
                throw new InvalidOperationException($"{root} is missing: install python3-pydicom (./test.sh does).");
            }

            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                files.Add(Path.GetRelativePath(DataRoot, path).Replace('\\', '/'), path);
            }
        }

        return files;
    }

    private static (DicomFile? File, Exception? Error) TryRead(string path)
    {
        try
        {
            return (DicomFile.Open(path), null);
        }
#pragma warning disable CA1031 // Every failure is a finding to report, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, e);
        }
    }

    private static async Task<List<JsonDisagreement>> CompareAsync(string name, string path, DicomFile file, string scratch, CancellationToken cancellation)
    {
        var found = new List<JsonDisagreement>();
        using var ours = JsonDocument.Parse(DicomJsonWriter.Serialize(file));

        // What DCMTK is given: the file itself, or a copy it can convert (see the lists above).
        var bytes = await File.ReadAllBytesAsync(path, cancellation);
        var input = path;
        var edited = false;
        if (DeclaredLatin1ForDcmtk.Contains(name))
        {
            DeclareLatin1(bytes);
            edited = true;
        }

        // dcm2json 3.6.7 refuses encapsulated Pixel Data ("JSON InlineBinary encoding not supported
        // for compressed pixel data"): it gets the file without that element, and the element is
        // compared with the items dcmdump +W writes out.
        var encapsulated = file.Dataset[new DicomTag(0x7FE0, 0x0010)] is DicomFragmentSequence;
        if (encapsulated)
        {
            if (FindEncapsulatedPixelData(bytes) is not (var start, var end))
            {
                found.Add(new JsonDisagreement(name, "7FE00010", "encapsulated Pixel Data not found in the file's bytes"));
                return found;
            }

            bytes = [.. bytes.AsSpan(0, start), .. bytes.AsSpan(end)];
            edited = true;
        }

        var unique = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(unique);
        if (edited)
        {
            input = Path.Combine(unique, "input.dcm");
            await File.WriteAllBytesAsync(input, bytes, cancellation);
        }

        var jsonPath = Path.Combine(unique, "dcmtk.json");
        var (status, error) = await RunAsync("dcm2json", [input, jsonPath], cancellation);
        if (status != 0)
        {
            found.Add(new JsonDisagreement(name, "", $"dcm2json exited {status}: {FirstLine(error)}"));
            return found;
        }

        var written = await File.ReadAllBytesAsync(jsonPath, cancellation);
        if (!Utf8.IsValid(written))
        {
            // Compared all the same, with U+FFFD for what is not UTF-8.
            found.Add(new JsonDisagreement(name, "", "dcm2json wrote invalid UTF-8"));
            written = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(written));
        }

        JsonDocument theirs;
        try
        {
            theirs = JsonDocument.Parse(written);
        }
        catch (JsonException e)
        {
            found.Add(new JsonDisagreement(name, "", $"dcm2json wrote invalid JSON: {e.Message}"));
            return found;
        }

        using (theirs)
        {
            var oursRoot = ours.RootElement;
            if (encapsulated)
            {
                await ComparePixelDataAsync(name, path, oursRoot.GetProperty("7FE00010"), unique, found, cancellation);
            }

            JsonModelComparer.CompareDataset(name, "", oursRoot, theirs.RootElement, found, skip: encapsulated ? "7FE00010" : null);
        }

        return found;
    }

    /// <summary>Our InlineBinary of encapsulated Pixel Data against the items DCMTK reads (dcmdump +W writes one file each).</summary>
    private static async Task ComparePixelDataAsync(string name, string path, JsonElement ours, string scratch, List<JsonDisagreement> found, CancellationToken cancellation)
    {
        var items = Path.Combine(scratch, "items");
        Directory.CreateDirectory(items);
        var (status, error) = await RunAsync("dcmdump", ["-q", "+W", items, path], cancellation);
        if (status != 0)
        {
            found.Add(new JsonDisagreement(name, "7FE00010", $"dcmdump +W exited {status}: {FirstLine(error)}"));
            return;
        }

        var expected = new List<byte>();
        var prefix = Path.Combine(items, Path.GetFileName(path));
        for (var i = 0; File.Exists($"{prefix}.{i}.raw"); i++)
        {
            var item = await File.ReadAllBytesAsync($"{prefix}.{i}.raw", cancellation);
            expected.AddRange(ItemHeader(0xE000, (uint)item.Length));
            expected.AddRange(item);
        }

        expected.AddRange(ItemHeader(0xE0DD, 0));
        var actual = ours.GetProperty("InlineBinary").GetBytesFromBase64();
        if (!actual.AsSpan().SequenceEqual(expected.ToArray()))
        {
            found.Add(new JsonDisagreement(name, "7FE00010", $"encapsulated bytes differ: ours {actual.Length} bytes, DCMTK's items {expected.Count} bytes"));
        }
    }

    private static byte[] ItemHeader(ushort element, uint length)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), length);
        return header;
    }

    /// <summary>
    /// Where the top-level encapsulated Pixel Data lies in the file: from its Explicit VR header to
    /// the end of its sequence delimiter, found from the raw bytes by walking its items (the last
    /// header whose items walk cleanly, so that an icon's Pixel Data inside a sequence is passed over).
    /// </summary>
    private static (int Start, int End)? FindEncapsulatedPixelData(byte[] bytes)
    {
        ReadOnlySpan<byte> tag = [0xE0, 0x7F, 0x10, 0x00];
        (int, int)? found = null;
        for (var at = bytes.AsSpan().IndexOf(tag); at >= 0;)
        {
            if (at + 12 <= bytes.Length
                && bytes[at + 4] == 'O' && bytes[at + 5] is (byte)'B' or (byte)'W'
                && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)) == 0xFFFFFFFF
                && WalkItems(bytes, at + 12) is { } end)
            {
                found = (at, end);
            }

            var next = bytes.AsSpan(at + 1).IndexOf(tag);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return found;
    }

    private static int? WalkItems(byte[] bytes, int position)
    {
        while (position + 8 <= bytes.Length)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position));
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 2));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
            if (group != 0xFFFE)
            {
                return null;
            }

            if (element == 0xE0DD)
            {
                return position + 8;
            }

            if (element != 0xE000 || length > (uint)(bytes.Length - position - 8))
            {
                return null;
            }

            position += 8 + (int)length;
        }

        return null;
    }

    /// <summary>Overwrites each Specific Character Set value naming ISO 2022 IR 87 with "ISO_IR 100", padded.</summary>
    private static void DeclareLatin1(byte[] bytes)
    {
        var term = "ISO 2022 IR 87"u8;
        for (var at = bytes.AsSpan().IndexOf(term); at >= 0;)
        {
            // Back to the value's start: just after the (0008,0005) header, explicit (8 bytes) or implicit (8 bytes).
            var header = bytes.AsSpan(0, at).LastIndexOf((ReadOnlySpan<byte>)[0x08, 0x00, 0x05, 0x00]);
            var explicitVR = bytes[header + 4] == 'C' && bytes[header + 5] == 'S';
            var length = explicitVR
                ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(header + 6))
                : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(header + 4));
            var value = bytes.AsSpan(header + 8, length);
            value.Fill((byte)' ');
            "ISO_IR 100"u8.CopyTo(value);
            var next = bytes.AsSpan(at + 1).IndexOf(term);
            at = next < 0 ? -1 : at + 1 + next;
        }
    }

    private static async Task<(int Status, string Error)> RunAsync(string program, string[] arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start: install dcmtk (./test.sh does).");
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        await output;
        return (process.ExitCode, await error);
    }

    private static string FirstLine(string text) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith("F:", StringComparison.Ordinal) || l.StartsWith("E:", StringComparison.Ordinal))
        ?? text.Split('\n')[0];

    /// <summary>DCMTK quirks that recur across files, each with its reason; null when the disagreement is not one.</summary>
    private static string? RuleOf(JsonDisagreement disagreement) =>
        // dcm2json converts the data set to UTF-8 and says so: it replaces Specific Character Set
        // with "ISO_IR 192" (DCMTK issue #1181, CP 2518). We keep the value as stored: it names
        // the source's encoding, and the JSON text is UTF-8 either way.
        disagreement.Path.Split('.')[^1].StartsWith("00080005", StringComparison.Ordinal)
            && disagreement.Theirs == """{"vr":"CS","Value":["ISO_IR 192"]}"""
            ? "dcm2json rewrites Specific Character Set as ISO_IR 192"

        // See DeclaredLatin1ForDcmtk: DCMTK saw these bytes as Latin-1, not as the JIS they are.
        : DeclaredLatin1ForDcmtk.Contains(disagreement.File) && disagreement.TheirsOutsidePrintableAscii
            ? "DCMTK cannot decode ISO 2022 IR 87; compared as Latin-1"
        : null;

    private static bool IsAllowedByRule(JsonDisagreement disagreement) => RuleOf(disagreement) is not null;
}
