using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;
using Lantern.Dicom.Data;

namespace Lantern.Dicom.Dictionary;

/// <summary>
/// The PS3.6 data dictionary plus DCMTK's collection of private tags. The tables are generated
/// (see generate_dictionary.py) as compact text and parsed into lookup tables on first use.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "PS3.6 calls it the data dictionary.")]
public static partial class DicomDictionary
{
    // Rules rather than table rows: they apply to every group.
    private static readonly DicomDictionaryEntry s_groupLength =
        new(new DicomTag(0x0000, 0x0000), 0x0000FFFF, [DicomVR.UL], "1", false, "GroupLength", "Group Length");

    private static readonly DicomDictionaryEntry s_privateCreator =
        new(new DicomTag(0x0009, 0x0010), 0x0001FF00, [DicomVR.LO], "1", false, "PrivateCreator", "Private Creator");

    /// <summary>
    /// The entry for <paramref name="tag"/>: an exact standard entry, else a repeating one; for a
    /// private data element, the entry its <see cref="DicomTag.PrivateCreator"/> defines. Null when
    /// unknown.
    /// </summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        // DCMTK also lists vendor elements in groups 0001-0007, which PS3.5 forbids but devices use.
        if (tag.IsPrivate || ((tag.Group & 1) == 1 && tag.PrivateCreator is not null))
        {
            return FindPrivate(tag);
        }

        if (Standard.ByTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.IsGroupLength)
        {
            return s_groupLength;
        }

        var keys = Standard.RepeatingKeys;
        for (var i = 0; i < keys.Length; i++)
        {
            if ((tag.Value & keys[i].Mask) == keys[i].Value)
            {
                return Standard.Repeating[i];
            }
        }

        return null;
    }

    /// <summary>Finds a standard element by its PS3.6 keyword, e.g. "PatientName" (case-sensitive).</summary>
    public static bool TryFindByKeyword(string keyword, [NotNullWhen(true)] out DicomDictionaryEntry? entry) =>
        Standard.ByKeyword.TryGetValue(keyword, out entry);

    /// <summary>Every standard entry, in tag order; for tests and tools.</summary>
    internal static IReadOnlyList<DicomDictionaryEntry> StandardEntries => Standard.Entries;

    internal static IReadOnlyList<DicomDictionaryEntry> PrivateEntries => Private.Entries;

    private static DicomDictionaryEntry? FindPrivate(DicomTag tag)
    {
        if (tag.IsGroupLength)
        {
            return s_groupLength;
        }

        if (tag.IsPrivateCreator)
        {
            return s_privateCreator;
        }

        // Private data elements live in the blocks (gggg,1000)-(gggg,FFFF) that creators reserve.
        if (tag.PrivateCreator is not { } creator || tag.Element < 0x1000)
        {
            return null;
        }

        // Entries fixed to one element are keyed by the full tag, floating ones by group and low byte.
        if (Private.ByKey.TryGetValue((tag.Value, creator), out var entry)
            || Private.ByKey.TryGetValue((((uint)tag.Group << 16) | (tag.Element & 0xFFu), creator), out entry))
        {
            return entry;
        }

        foreach (var repeating in Private.Repeating)
        {
            if (repeating.Matches(tag))
            {
                return repeating;
            }
        }

        return null;
    }

    // Nested holders so each table is parsed only when first needed, and thread-safely by the runtime.
    private static class Standard
    {
        public static readonly DicomDictionaryEntry[] Entries = ParseTable(StandardTable);

        public static readonly Dictionary<uint, DicomDictionaryEntry> ByTag =
            Entries.Where(e => !e.IsRepeating).ToDictionary(e => e.Tag.Value);

        public static readonly Dictionary<string, DicomDictionaryEntry> ByKeyword =
            Entries.ToDictionary(e => e.Keyword, StringComparer.Ordinal);

        public static readonly DicomDictionaryEntry[] Repeating = MostSpecificFirst(Entries);

        // Scanned for every tag missing from ByTag, so kept as plain numbers.
        public static readonly (uint Value, uint Mask)[] RepeatingKeys =
            Repeating.Select(e => (e.Tag.Value & e.Mask, e.Mask)).ToArray();
    }

    private static class Private
    {
        public static readonly DicomDictionaryEntry[] Entries = ParseTable(PrivateTable);

        public static readonly Dictionary<(uint Key, string Creator), DicomDictionaryEntry> ByKey =
            Entries.Where(e => (e.Mask >> 16) == 0xFFFF).ToDictionary(e => (e.Tag.Value, e.Tag.PrivateCreator!));

        public static readonly DicomDictionaryEntry[] Repeating =
            MostSpecificFirst(Entries.Where(e => (e.Mask >> 16) != 0xFFFF));
    }

    private static DicomDictionaryEntry[] MostSpecificFirst(IEnumerable<DicomDictionaryEntry> entries) =>
        entries.Where(e => e.IsRepeating).OrderByDescending(e => BitOperations.PopCount(e.Mask)).ToArray();

    private static DicomDictionaryEntry[] ParseTable(ReadOnlySpan<byte> table)
    {
        var entries = new List<DicomDictionaryEntry>();
        var vrLists = new Dictionary<string, IReadOnlyList<DicomVR>>(StringComparer.Ordinal);
        var multiplicities = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!table.IsEmpty)
        {
            var line = NextField(ref table, (byte)'\n').TrimEnd((byte)'\r');
            if (!line.IsEmpty)
            {
                entries.Add(ParseLine(line, vrLists, multiplicities));
            }
        }

        return [.. entries];
    }

    private static DicomDictionaryEntry ParseLine(
        ReadOnlySpan<byte> line,
        Dictionary<string, IReadOnlyList<DicomVR>> vrLists,
        Dictionary<string, string> multiplicities)
    {
        var value = ParseHex(NextField(ref line, (byte)'|'));
        var maskField = NextField(ref line, (byte)'|');
        var mask = maskField.IsEmpty ? uint.MaxValue : ParseHex(maskField);
        var vrs = Shared(vrLists, NextField(ref line, (byte)'|'), ParseVRs);
        var multiplicity = Shared(multiplicities, NextField(ref line, (byte)'|'), static text => text);
        var isRetired = !NextField(ref line, (byte)'|').IsEmpty;
        var keyword = Encoding.UTF8.GetString(NextField(ref line, (byte)'|'));
        var name = Encoding.UTF8.GetString(NextField(ref line, (byte)'|'));
        var creator = line.IsEmpty ? null : Encoding.UTF8.GetString(line);
        var tag = new DicomTag((ushort)(value >> 16), (ushort)value, creator);
        return new DicomDictionaryEntry(tag, mask, vrs, multiplicity, isRetired, keyword, name);
    }

    // Thousands of entries share a few dozen VR lists and multiplicities.
    private static T Shared<T>(Dictionary<string, T> cache, ReadOnlySpan<byte> field, Func<string, T> create)
    {
        var text = Encoding.UTF8.GetString(field);
        if (!cache.TryGetValue(text, out var shared))
        {
            shared = create(text);
            cache.Add(text, shared);
        }

        return shared;
    }

    private static IReadOnlyList<DicomVR> ParseVRs(string codes) =>
        codes.Length == 0 ? [] : Array.AsReadOnly(codes.Split('/').Select(DicomVR.Parse).ToArray());

    private static uint ParseHex(ReadOnlySpan<byte> field) =>
        uint.Parse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest, byte separator)
    {
        var end = rest.IndexOf(separator);
        if (end < 0)
        {
            var last = rest;
            rest = default;
            return last;
        }

        var field = rest[..end];
        rest = rest[(end + 1)..];
        return field;
    }
}
