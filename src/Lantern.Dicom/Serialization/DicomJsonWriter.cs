using System.Buffers.Binary;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;
using Lantern.Dicom.IO.CharacterSets;

namespace Lantern.Dicom.Serialization;

/// <summary>
/// Writes the DICOM JSON Model (PS3.18 Annex F) with <see cref="Utf8JsonWriter"/>, streaming: no
/// document is built, and values left in their file are read in chunks as they are written.
/// </summary>
/// <remarks>
/// Where Annex F leaves a choice, this writer decides so that nothing stored is lost:
/// <list type="bullet">
/// <item>DS and IS values are JSON numbers with the digits as stored ("1.50" stays 1.50), changed
/// only where JSON's grammar needs it: a '+' sign and redundant leading zeros dropped, "0" put
/// before a bare '.', a trailing '.' dropped. A value that is not a number at all stays a JSON
/// string, as <c>dcm2json</c> writes it.</item>
/// <item>NaN and the infinities in FL, FD, OF and OD cannot be JSON numbers; FL and FD write them as
/// the strings "NaN", "Infinity" and "-Infinity" (<c>dcm2json</c> refuses such a file, or with -ee
/// writes bare nan/inf, which is not JSON).</item>
/// <item>Text is decoded with the Specific Character Set in force and written as UTF-8; the
/// Specific Character Set element itself is written as stored, describing the source (CP 2518).
/// <c>dcm2json</c> 3.6.7 replaces it with "ISO_IR 192".</item>
/// <item>An element whose value is only padding is empty and has no "Value"; an empty value among
/// several is null (F.2.5), and so is a PN value with no component group. PN groups lose their
/// trailing empty components ("Doe^^^" is "Doe"), which PS3.5 §6.2.1.1 makes insignificant.</item>
/// <item>Encapsulated Pixel Data is InlineBinary of its value as encoded: every item (tag, length,
/// bytes) and the sequence delimiter, little endian. <c>dcm2json</c> 3.6.7 refuses it.</item>
/// </list>
/// </remarks>
public static class DicomJsonWriter
{
    private const int FlushThreshold = 64 * 1024;

    // JSON numbers cannot be NaN or infinite: these strings stand for them.
    private const string NotANumber = "NaN";
    private const string PositiveInfinity = "Infinity";
    private const string NegativeInfinity = "-Infinity";

    private static readonly JsonEncodedText VRName = JsonEncodedText.Encode("vr");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("Value");
    private static readonly JsonEncodedText InlineBinaryName = JsonEncodedText.Encode("InlineBinary");

    private static readonly JsonEncodedText[] PersonNameGroups =
    [
        JsonEncodedText.Encode("Alphabetic"),
        JsonEncodedText.Encode("Ideographic"),
        JsonEncodedText.Encode("Phonetic"),
    ];

    /// <summary>Writes the data set of <paramref name="file"/> (and its meta information, if asked) as one JSON object.</summary>
    public static void Write(Stream output, DicomFile file, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        using var json = CreateWriter(output, options);
        WriteObject(json, file.Dataset, options.IncludeFileMetaInformation ? file.FileMetaInformation : null, options);
        json.Flush();
    }

    /// <summary>Writes <paramref name="dataset"/> as one JSON object.</summary>
    public static void Write(Stream output, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        using var json = CreateWriter(output, options);
        WriteObject(json, dataset, meta: null, options);
        json.Flush();
    }

    /// <summary>
    /// Writes <paramref name="dataset"/> as one JSON object where <paramref name="json"/> stands,
    /// e.g. as an element of an array of results. Formatting follows the writer's own options.
    /// </summary>
    public static void Write(Utf8JsonWriter json, DicomDataset dataset, DicomJsonOptions? options = null) =>
        WriteObject(json, dataset, meta: null, options ?? DicomJsonOptions.Default);

    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, dataset, options);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string Serialize(DicomFile file, DicomJsonOptions? options = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, file, options);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The JSON number text for a DS or IS value, or null when it is not a number. Digits are kept
    /// as stored; only what JSON's grammar forbids is changed (see the class remarks).
    /// </summary>
    internal static string? ToJsonNumber(ReadOnlySpan<char> text, bool integer)
    {
        text = text.Trim(' ');
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var integerDigits = Digits(text, ref i);
        ReadOnlySpan<char> fractionDigits = default;
        if (!integer && i < text.Length && text[i] == '.')
        {
            i++;
            fractionDigits = Digits(text, ref i);
        }

        if (integerDigits.IsEmpty && fractionDigits.IsEmpty)
        {
            return null;
        }

        ReadOnlySpan<char> exponent = default;
        if (!integer && i < text.Length && text[i] is 'e' or 'E')
        {
            var exponentStart = i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (Digits(text, ref i).IsEmpty)
            {
                return null;
            }

            exponent = text[exponentStart..i];
        }

        if (i != text.Length)
        {
            return null;
        }

        integerDigits = integerDigits.TrimStart('0');
        return string.Concat(
            negative ? "-" : string.Empty,
            integerDigits.IsEmpty ? "0" : integerDigits,
            fractionDigits.IsEmpty ? string.Empty : string.Concat(".", fractionDigits),
            exponent);
    }

    private static ReadOnlySpan<char> Digits(ReadOnlySpan<char> text, scoped ref int index)
    {
        var start = index;
        while (index < text.Length && char.IsAsciiDigit(text[index]))
        {
            index++;
        }

        return text[start..index];
    }

    private static Utf8JsonWriter CreateWriter(Stream output, DicomJsonOptions options) =>
        new(output, new JsonWriterOptions
        {
            Indented = options.Indented,

            // Text stays readable UTF-8; only what JSON requires is escaped. The output is not
            // meant to be pasted into HTML, which is what the default encoder guards against.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    private static void WriteObject(Utf8JsonWriter json, DicomDataset dataset, DicomDataset? meta, DicomJsonOptions options)
    {
        json.WriteStartObject();
        if (meta is null || meta.Count == 0)
        {
            WriteMembers(json, dataset, options);
        }
        else
        {
            WriteMerged(json, meta, dataset, options);
        }

        json.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter json, DicomDataset dataset, DicomJsonOptions options)
    {
        var characterSet = dataset.CharacterSet;
        foreach (var element in dataset)
        {
            WriteMember(json, element, characterSet, options);
        }
    }

    /// <summary>Meta information and data set as one object, keys still ascending.</summary>
    private static void WriteMerged(Utf8JsonWriter json, DicomDataset meta, DicomDataset dataset, DicomJsonOptions options)
    {
        var metaCharacterSet = meta.CharacterSet;
        var datasetCharacterSet = dataset.CharacterSet;
        using var metaElements = meta.GetEnumerator();
        using var datasetElements = dataset.GetEnumerator();
        var hasMeta = metaElements.MoveNext();
        var hasDataset = datasetElements.MoveNext();
        while (hasMeta || hasDataset)
        {
            if (hasMeta && (!hasDataset || metaElements.Current.Tag.Value < datasetElements.Current.Tag.Value))
            {
                WriteMember(json, metaElements.Current, metaCharacterSet, options);
                hasMeta = metaElements.MoveNext();
            }
            else
            {
                // A tag in both (not a valid file) is written once, from the data set.
                if (hasMeta && metaElements.Current.Tag.Value == datasetElements.Current.Tag.Value)
                {
                    hasMeta = metaElements.MoveNext();
                }

                WriteMember(json, datasetElements.Current, datasetCharacterSet, options);
                hasDataset = datasetElements.MoveNext();
            }
        }
    }

    private static void WriteMember(Utf8JsonWriter json, DicomElement element, DicomCharacterSet characterSet, DicomJsonOptions options)
    {
        if (element.Tag.IsGroupLength && !options.IncludeGroupLengths)
        {
            return;
        }

        Span<byte> key = stackalloc byte[8];
        element.Tag.Value.TryFormat(key, out _, "X8", CultureInfo.InvariantCulture);
        json.WritePropertyName(key);
        json.WriteStartObject();
        json.WriteString(VRName, element.VR.Code);
        switch (element)
        {
            case DicomSequence sequence:
                WriteItems(json, sequence, options);
                break;
            case DicomFragmentSequence fragments:
                WriteEncapsulated(json, fragments);
                break;
            case DicomValueElement value:
                WriteValue(json, value, characterSet);
                break;
        }

        json.WriteEndObject();
        if (json.BytesPending >= FlushThreshold)
        {
            json.Flush();
        }
    }

    private static void WriteItems(Utf8JsonWriter json, DicomSequence sequence, DicomJsonOptions options)
    {
        if (sequence.Items.Count == 0)
        {
            return;
        }

        json.WriteStartArray(ValueName);
        foreach (var item in sequence.Items)
        {
            json.WriteStartObject();
            WriteMembers(json, item, options);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter json, DicomValueElement element, DicomCharacterSet characterSet)
    {
        if (element.Length == 0)
        {
            return;
        }

        var vr = element.VR;
        if (vr.IsBulk)
        {
            json.WritePropertyName(InlineBinaryName);
            WriteBase64(json, element.Buffer);
        }
        else if (vr == DicomVR.AT)
        {
            WriteTags(json, element.Buffer.Memory.Span);
        }
        else if (vr.IsBinaryNumber)
        {
            WriteNumbers(json, vr, element.Buffer.Memory.Span);
        }
        else
        {
            WriteText(json, vr, characterSet.Decode(element.Buffer.Memory.Span, vr));
        }
    }

    private static void WriteText(Utf8JsonWriter json, DicomVR vr, string text)
    {
        if (!vr.IsMultiValuedText)
        {
            var single = DicomValueConverter.TrimValue(text, vr);
            if (single.Length > 0)
            {
                json.WriteStartArray(ValueName);
                json.WriteStringValue(single);
                json.WriteEndArray();
            }

            return;
        }

        var values = text.Split('\\');
        if (values.Length == 1 && IsEmpty(DicomValueConverter.TrimValue(values[0], vr), vr))
        {
            return;
        }

        json.WriteStartArray(ValueName);
        foreach (var raw in values)
        {
            var value = DicomValueConverter.TrimValue(raw, vr);
            if (IsEmpty(value, vr))
            {
                json.WriteNullValue();
            }
            else if (vr == DicomVR.PN)
            {
                WritePersonName(json, value);
            }
            else if ((vr == DicomVR.DS || vr == DicomVR.IS) && ToJsonNumber(value, integer: vr == DicomVR.IS) is { } number)
            {
                json.WriteRawValue(number);
            }
            else
            {
                json.WriteStringValue(value);
            }
        }

        json.WriteEndArray();
    }

    /// <summary>No characters; for PN, no characters but delimiters (every component empty).</summary>
    private static bool IsEmpty(string value, DicomVR vr) =>
        value.Length == 0 || (vr == DicomVR.PN && value.AsSpan().IndexOfAnyExcept("^= ") < 0);

    private static void WritePersonName(Utf8JsonWriter json, string value)
    {
        // Alphabetic, ideographic, phonetic; groups past the third are not PN and are dropped.
        // Trailing empty components and their '^' are insignificant (PS3.5 §6.2.1.1): "Doe^^^"
        // is "Doe", and a group of delimiters only is empty.
        var groups = value.Split('=', PersonNameGroups.Length + 1);
        var count = Math.Min(groups.Length, PersonNameGroups.Length);
        for (var i = 0; i < count; i++)
        {
            groups[i] = groups[i].TrimEnd(' ', '^');
        }

        if (groups.Take(count).All(g => g.Length == 0))
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            if (groups[i].Length > 0)
            {
                json.WriteString(PersonNameGroups[i], groups[i]);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            return;
        }

        json.WriteStartArray(ValueName);
        Span<byte> hex = stackalloc byte[8];
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            var tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i + 2)..]);
            tag.TryFormat(hex, out _, "X8", CultureInfo.InvariantCulture);
            json.WriteStringValue(hex);
        }

        json.WriteEndArray();
    }

    /// <summary>US, SS, UL, SL, UV, SV, FL, FD; bytes past the last whole number are ignored.</summary>
    private static void WriteNumbers(Utf8JsonWriter json, DicomVR vr, ReadOnlySpan<byte> bytes)
    {
        var size = vr.UnitSize;
        if (bytes.Length < size)
        {
            return;
        }

        json.WriteStartArray(ValueName);
        for (var i = 0; i + size <= bytes.Length; i += size)
        {
            var unit = bytes.Slice(i, size);
            if (vr == DicomVR.US)
            {
                json.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(unit));
            }
            else if (vr == DicomVR.SS)
            {
                json.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(unit));
            }
            else if (vr == DicomVR.UL)
            {
                json.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(unit));
            }
            else if (vr == DicomVR.SL)
            {
                json.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(unit));
            }
            else if (vr == DicomVR.UV)
            {
                json.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(unit));
            }
            else if (vr == DicomVR.SV)
            {
                json.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(unit));
            }
            else if (vr == DicomVR.FL)
            {
                var value = BinaryPrimitives.ReadSingleLittleEndian(unit);
                if (float.IsFinite(value))
                {
                    json.WriteNumberValue(value);
                }
                else
                {
                    json.WriteStringValue(NonFinite(value));
                }
            }
            else
            {
                var value = BinaryPrimitives.ReadDoubleLittleEndian(unit);
                if (double.IsFinite(value))
                {
                    json.WriteNumberValue(value);
                }
                else
                {
                    json.WriteStringValue(NonFinite(value));
                }
            }
        }

        json.WriteEndArray();
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? NotANumber : value > 0 ? PositiveInfinity : NegativeInfinity;

    private static void WriteBase64(Utf8JsonWriter json, DicomBuffer buffer)
    {
        if (buffer.Length <= FlushThreshold)
        {
            json.WriteBase64StringValue(buffer.Memory.Span);
            return;
        }

        using var sink = new JsonBase64Stream(json, FlushThreshold);
        if (buffer.IsLoaded)
        {
            sink.Write(buffer.Memory.Span);
        }
        else
        {
            buffer.CopyTo(sink);
        }

        sink.Complete();
    }

    /// <summary>The encapsulated value as stored after the element header (PS3.5 §A.4).</summary>
    private static void WriteEncapsulated(Utf8JsonWriter json, DicomFragmentSequence fragments)
    {
        json.WritePropertyName(InlineBinaryName);
        using var sink = new JsonBase64Stream(json, FlushThreshold);
        WriteItem(sink, DicomTag.Item, fragments.OffsetTable);
        foreach (var fragment in fragments.Fragments)
        {
            WriteItem(sink, DicomTag.Item, fragment);
        }

        WriteItem(sink, DicomTag.SequenceDelimitationItem, DicomBuffer.Empty);
        sink.Complete();
    }

    private static void WriteItem(JsonBase64Stream sink, DicomTag tag, DicomBuffer content)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], checked((uint)content.Length));
        sink.Write(header);
        if (content.IsLoaded)
        {
            sink.Write(content.Memory.Span);
        }
        else
        {
            content.CopyTo(sink);
        }
    }
}
