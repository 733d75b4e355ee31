using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Lantern.Dicom.Data;
using Lantern.Dicom.Dictionary;
using Lantern.Dicom.IO.CharacterSets;

namespace Lantern.Dicom.Serialization;

/// <summary>
/// A readable tree of a file's elements in the manner of DCMTK's <c>dcmdump</c>: File Meta
/// Information first, then one line per element, items indented under their sequence:
/// <code>(gggg,eeee) VR value          #  length, VM Keyword</code>
/// Text is shown in brackets, decoded with the Specific Character Set in force; numbers and tags
/// plainly, separated by '\'. Long values are cut at <see cref="MaximumValueLength"/> characters
/// with "..."; bulk values show their first bytes in hex, and a value still in its file (read
/// lazily) is summarised by its size rather than read.
/// </summary>
public static class DicomDumpWriter
{
    /// <summary>Characters of a value shown before it is cut off.</summary>
    public const int MaximumValueLength = 64;

    private const int CommentColumn = 52;
    private const int IndentSize = 2;

    public static void Write(TextWriter output, DicomFile file)
    {
        if (file.FileMetaInformation.Count > 0)
        {
            output.WriteLine("# File Meta Information");
            WriteElements(output, file.FileMetaInformation, depth: 0);
        }
        else
        {
            output.WriteLine("# No File Meta Information: a bare data set");
        }

        output.WriteLine();
        output.WriteLine($"# Data set: {file.TransferSyntax}");
        WriteElements(output, file.Dataset, depth: 0);
    }

    public static void Write(TextWriter output, DicomDataset dataset) => WriteElements(output, dataset, depth: 0);

    public static string Format(DicomFile file)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, file);
        return text.ToString();
    }

    private static void WriteElements(TextWriter output, DicomDataset dataset, int depth)
    {
        var characterSet = dataset.CharacterSet;
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    var count = sequence.Items.Count;
                    WriteLine(output, depth, element.Tag, "SQ", $"({count} item{(count == 1 ? "" : "s")})", "-", 1, Keyword(element.Tag));
                    for (var i = 0; i < count; i++)
                    {
                        var item = sequence.Items[i];
                        WriteLine(output, depth + 1, DicomTag.Item, "na", $"(item {i + 1} of {count}, {item.Count} element{(item.Count == 1 ? "" : "s")})", null, 0, null);
                        WriteElements(output, item, depth + 2);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    WriteFragments(output, fragments, depth);
                    break;
                case DicomValueElement value:
                    WriteLine(
                        output, depth, element.Tag, element.VR.Code, FormatValue(value, characterSet),
                        value.Length.ToString(CultureInfo.InvariantCulture), DicomValueConverter.CountValues(value), Keyword(element.Tag));
                    break;
            }
        }
    }

    private static void WriteFragments(TextWriter output, DicomFragmentSequence fragments, int depth)
    {
        var count = fragments.Fragments.Count;
        var total = fragments.OffsetTable.Length + fragments.Fragments.Sum(f => f.Length);
        WriteLine(
            output, depth, fragments.Tag, fragments.VR.Code, $"(encapsulated: {count} fragment{(count == 1 ? "" : "s")})",
            total.ToString(CultureInfo.InvariantCulture), 1, Keyword(fragments.Tag));
        WriteLine(output, depth + 1, DicomTag.Item, "pi", fragments.OffsetTable.Length == 0 ? "(empty offset table)" : $"(offset table) {Hex(fragments.OffsetTable.Memory.Span, 4)}",
            fragments.OffsetTable.Length.ToString(CultureInfo.InvariantCulture), 0, null);
        for (var i = 0; i < count; i++)
        {
            var fragment = fragments.Fragments[i];
            var preview = fragment.IsLoaded ? Hex(fragment.Memory.Span, 1) : "(not loaded)";
            WriteLine(output, depth + 1, DicomTag.Item, "pi", $"(fragment {i + 1}) {preview}", fragment.Length.ToString(CultureInfo.InvariantCulture), 0, null);
        }
    }

    private static void WriteLine(TextWriter output, int depth, DicomTag tag, string vr, string value, string? length, int multiplicity, string? keyword)
    {
        var line = new StringBuilder();
        line.Append(' ', depth * IndentSize).Append(tag.ToString()).Append(' ').Append(vr).Append(' ').Append(value);
        if (length is not null)
        {
            line.Append(' ', Math.Max(1, CommentColumn + (depth * IndentSize) - line.Length));
            line.Append(CultureInfo.InvariantCulture, $"# {length,5}");
            if (keyword is not null)
            {
                line.Append(CultureInfo.InvariantCulture, $", {multiplicity} {keyword}");
            }
        }

        output.WriteLine(line.ToString());
    }

    private static string Keyword(DicomTag tag) =>
        DicomDictionary.Find(tag) is { } entry && entry.Keyword.Length > 0 ? entry.Keyword : "(unknown)";

    private static string FormatValue(DicomValueElement element, DicomCharacterSet characterSet)
    {
        if (element.Length == 0)
        {
            return "(no value)";
        }

        var vr = element.VR;
        if (vr.IsBulk)
        {
            if (!element.Buffer.IsLoaded)
            {
                return string.Create(CultureInfo.InvariantCulture, $"(not loaded: {element.Length} bytes in the file)");
            }

            return vr == DicomVR.OF || vr == DicomVR.OD
                ? Numbers(element)
                : Hex(element.Buffer.Memory.Span, vr == DicomVR.UN ? 1 : vr.UnitSize);
        }

        if (vr == DicomVR.AT)
        {
            return Cut(string.Join('\\', DicomValueConverter.ToTags(element).Select(t => t.ToString())));
        }

        if (vr.IsBinaryNumber)
        {
            return Numbers(element);
        }

        var values = DicomValueConverter.SplitText(element, characterSet);
        return values.Length == 0 ? "(no value)" : "[" + Cut(Printable(string.Join('\\', values))) + "]";
    }

    private static string Numbers(DicomValueElement element)
    {
        var span = element.Buffer.Memory.Span;
        var size = element.VR.UnitSize;
        var text = new StringBuilder();
        for (var i = 0; i + size <= span.Length && text.Length <= MaximumValueLength; i += size)
        {
            if (text.Length > 0)
            {
                text.Append('\\');
            }

            var unit = span.Slice(i, size);
            var vr = element.VR;
            text.Append(
                vr == DicomVR.US ? BinaryPrimitives.ReadUInt16LittleEndian(unit).ToString(CultureInfo.InvariantCulture)
                : vr == DicomVR.SS ? BinaryPrimitives.ReadInt16LittleEndian(unit).ToString(CultureInfo.InvariantCulture)
                : vr == DicomVR.UL ? BinaryPrimitives.ReadUInt32LittleEndian(unit).ToString(CultureInfo.InvariantCulture)
                : vr == DicomVR.SL ? BinaryPrimitives.ReadInt32LittleEndian(unit).ToString(CultureInfo.InvariantCulture)
                : vr == DicomVR.UV ? BinaryPrimitives.ReadUInt64LittleEndian(unit).ToString(CultureInfo.InvariantCulture)
                : vr == DicomVR.SV ? BinaryPrimitives.ReadInt64LittleEndian(unit).ToString(CultureInfo.InvariantCulture)
                : size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(unit).ToString("R", CultureInfo.InvariantCulture)
                : BinaryPrimitives.ReadDoubleLittleEndian(unit).ToString("R", CultureInfo.InvariantCulture));
        }

        return Cut(text.ToString());
    }

    /// <summary>Units of <paramref name="unitSize"/> bytes (little endian) as hex, '\'-separated, up to the display limit.</summary>
    private static string Hex(ReadOnlySpan<byte> bytes, int unitSize)
    {
        if (bytes.IsEmpty)
        {
            return "(empty)";
        }

        var text = new StringBuilder();
        var i = 0;
        for (; i + unitSize <= bytes.Length && text.Length <= MaximumValueLength; i += unitSize)
        {
            if (text.Length > 0)
            {
                text.Append('\\');
            }

            for (var b = unitSize - 1; b >= 0; b--)
            {
                text.Append(CultureInfo.InvariantCulture, $"{bytes[i + b]:x2}");
            }
        }

        // An odd trailing byte of a word-sized value.
        for (; i < bytes.Length && text.Length <= MaximumValueLength; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\\{bytes[i]:x2}");
        }

        return Cut(text.ToString(), more: i < bytes.Length);
    }

    private static string Cut(string text, bool more = false) =>
        text.Length > MaximumValueLength ? string.Concat(text.AsSpan(0, MaximumValueLength), "...")
        : more ? text + "..."
        : text;

    /// <summary>Control characters (line breaks in LT, escape sequences) would break the one-line layout.</summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '.' : c)]) : text;
}
