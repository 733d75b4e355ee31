using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Lantern.Dicom.Dictionary;
using Lantern.Dicom.IO.Buffers;
using Lantern.Dicom.IO.CharacterSets;

namespace Lantern.Dicom.Data;

/// <summary>
/// A data set: elements kept in ascending tag order, with typed access that decodes values by VR
/// and the Specific Character Set in force (its own, or the enclosing data set's for an item).
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private static readonly DicomTag SpecificCharacterSetTag = new(0x0008, 0x0005);
    private static readonly DicomTag TimezoneOffsetTag = new(0x0008, 0x0201);

    private readonly List<DicomElement> _elements = [];

    // This data set's own (0008,0005), decoded once; reset whenever that element changes.
    private DicomCharacterSet? _ownCharacterSet;

    public DicomDataset() { }

    public DicomDataset(IEnumerable<DicomElement> elements)
    {
        foreach (var element in elements)
        {
            Add(element);
        }
    }

    public int Count => _elements.Count;

    /// <summary>The sequence this data set is an item of, if any.</summary>
    internal DicomSequence? Parent { get; set; }

    /// <summary>The Specific Character Set in force: this data set's (0008,0005), else the enclosing one's.</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_ownCharacterSet is null && TryGetElement(SpecificCharacterSetTag, out var element) && element is DicomValueElement value)
            {
                _ownCharacterSet = DicomCharacterSet.FromTerms(SplitTerms(value));
            }

            return _ownCharacterSet ?? Parent?.Owner?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public DicomElement? this[DicomTag tag] => TryGetElement(tag, out var element) ? element : null;

    public bool Contains(DicomTag tag) => IndexOf(tag.Value) >= 0;

    public bool TryGetElement(DicomTag tag, [NotNullWhen(true)] out DicomElement? element)
    {
        var index = IndexOf(tag.Value);
        element = index >= 0 ? _elements[index] : null;
        return element is not null;
    }

    /// <summary>Adds an element; a data set holds each tag once.</summary>
    public void Add(DicomElement element)
    {
        var index = IndexOf(element.Tag.Value);
        if (index >= 0)
        {
            throw new DicomDataException(element.Tag, "the data set already holds this tag.");
        }

        Attach(element);
        _elements.Insert(~index, element);
    }

    public void AddOrReplace(DicomElement element)
    {
        var index = IndexOf(element.Tag.Value);
        Attach(element);
        if (index >= 0)
        {
            _elements[index] = element;
        }
        else
        {
            _elements.Insert(~index, element);
        }
    }

    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag.Value);
        if (index < 0)
        {
            return false;
        }

        _elements.RemoveAt(index);
        if (tag.Value == SpecificCharacterSetTag.Value)
        {
            _ownCharacterSet = null;
        }

        return true;
    }

    /// <summary>Removes the elements for which <paramref name="match"/> holds, e.g. a whole group.</summary>
    public int RemoveAll(Predicate<DicomElement> match)
    {
        _ownCharacterSet = null;
        return _elements.RemoveAll(match);
    }

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The whole value as text, trailing padding removed; binary numbers are joined by '\'.</summary>
    public string GetString(DicomTag tag)
    {
        var element = GetValueElement(tag);
        if (element.VR.IsText)
        {
            return DicomValueConverter.TrimValue(DicomValueConverter.DecodeText(element, CharacterSet), element.VR);
        }

        return string.Join('\\', GetStrings(tag));
    }

    public bool TryGetString(DicomTag tag, [NotNullWhen(true)] out string? value)
    {
        value = TryGetElement(tag, out var element) && element is DicomValueElement ? GetString(tag) : null;
        return value is not null;
    }

    /// <summary>Each value of a multi-valued element, insignificant padding removed.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var element = GetValueElement(tag);
        if (element.VR.IsText)
        {
            return DicomValueConverter.SplitText(element, CharacterSet);
        }

        if (element.VR == DicomVR.AT)
        {
            return [.. DicomValueConverter.ToTags(element).Select(t => t.ToHexString())];
        }

        if (element.VR == DicomVR.FL || element.VR == DicomVR.FD || element.VR == DicomVR.OF || element.VR == DicomVR.OD)
        {
            return [.. GetValues<double>(tag).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))];
        }

        return [.. GetValues<decimal>(tag).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>The number of values (VM) the element holds.</summary>
    public int GetValueCount(DicomTag tag) => DicomValueConverter.CountValues(GetValueElement(tag));

    /// <summary>A number from a binary VR (US, FD, ...) or a text number (DS, IS), converted to <typeparamref name="T"/>.</summary>
    public T GetValue<T>(DicomTag tag, int index = 0)
        where T : INumberBase<T>
    {
        var values = GetValues<T>(tag);
        return index < values.Length
            ? values[index]
            : throw new DicomDataException(tag, $"has {values.Length} value(s); value {index + 1} was asked for.");
    }

    public bool TryGetValue<T>(DicomTag tag, [NotNullWhen(true)] out T? value)
        where T : INumberBase<T>
    {
        value = default;
        if (!TryGetElement(tag, out var element) || element is not DicomValueElement valueElement)
        {
            return false;
        }

        var values = DicomValueConverter.ToNumbers<T>(valueElement, CharacterSet);
        if (values.Length == 0)
        {
            return false;
        }

        value = values[0];
        return true;
    }

    public T[] GetValues<T>(DicomTag tag)
        where T : INumberBase<T> =>
        DicomValueConverter.ToNumbers<T>(GetValueElement(tag), CharacterSet);

    public DicomTag[] GetTags(DicomTag tag) => DicomValueConverter.ToTags(GetValueElement(tag));

    public DateOnly GetDate(DicomTag tag) => DicomValueConverter.ParseDate(tag, GetString(tag));

    public TimeOnly GetTime(DicomTag tag) => DicomValueConverter.ParseTime(tag, GetString(tag));

    /// <summary>
    /// A DT value. Without its own offset, Timezone Offset From UTC (0008,0201) applies, else UTC —
    /// the standard leaves such a value in the local time of whoever made it.
    /// </summary>
    public DateTimeOffset GetDateTime(DicomTag tag)
    {
        var offset = TimeSpan.Zero;
        if (TryGetString(TimezoneOffsetTag, out var zone) && DicomValueConverter.TryParseOffset(zone, out var parsed))
        {
            offset = parsed;
        }

        return DicomValueConverter.ParseDateTime(tag, GetString(tag), offset);
    }

    public DicomPersonName GetPersonName(DicomTag tag) => DicomPersonName.Parse(GetString(tag));

    public DicomSequence GetSequence(DicomTag tag) =>
        this[tag] as DicomSequence ?? throw new DicomDataException(tag, "is not a sequence in this data set.");

    public bool TryGetSequence(DicomTag tag, [NotNullWhen(true)] out DicomSequence? sequence)
    {
        sequence = this[tag] as DicomSequence;
        return sequence is not null;
    }

    /// <summary>Sets text values with the dictionary's VR for the tag.</summary>
    public void AddOrUpdate(DicomTag tag, params string[] values) => AddOrUpdate(tag, DictionaryVR(tag), values);

    /// <summary>Sets text values, encoded with this data set's Specific Character Set.</summary>
    public void AddOrUpdate(DicomTag tag, DicomVR vr, params string[] values)
    {
        if (!vr.IsText)
        {
            throw new DicomDataException(tag, $"VR {vr} does not hold text.");
        }

        var joined = string.Join('\\', values);
        if (tag == SpecificCharacterSetTag)
        {
            AddOrReplace(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(System.Text.Encoding.ASCII.GetBytes(joined))));
            return;
        }

        AddOrReplace(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(CharacterSet.Encode(joined, vr))));
    }

    /// <summary>Sets numbers: binary for US, SS, UL, FD, ...; text for DS and IS.</summary>
    public void AddOrUpdate<T>(DicomTag tag, DicomVR vr, params T[] values)
        where T : INumberBase<T> =>
        AddOrReplace(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(DicomValueConverter.FromNumbers<T>(tag, vr, values))));

    public void AddOrUpdate(DicomTag tag, params DicomTag[] values) =>
        AddOrReplace(new DicomValueElement(tag, DicomVR.AT, DicomBuffer.FromBytes(DicomValueConverter.FromTags(values))));

    public void AddOrUpdate(DicomTag tag, DateOnly value) => AddOrUpdate(tag, DicomVR.DA, DicomValueConverter.FormatDate(value));

    public void AddOrUpdate(DicomTag tag, TimeOnly value) => AddOrUpdate(tag, DicomVR.TM, DicomValueConverter.FormatTime(value));

    public void AddOrUpdate(DicomTag tag, DateTimeOffset value) => AddOrUpdate(tag, DicomVR.DT, DicomValueConverter.FormatDateTime(value));

    public void AddOrUpdate(DicomTag tag, DicomPersonName value) => AddOrUpdate(tag, DicomVR.PN, value.ToString());

    public void AddOrUpdate(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) =>
        AddOrReplace(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(bytes)));

    /// <summary>
    /// The tag of element <paramref name="elementOffset"/> in the private block that
    /// <paramref name="creator"/> holds in <paramref name="group"/>, reserving a free block when the
    /// creator has none yet (PS3.5 §7.8.1).
    /// </summary>
    public DicomTag GetPrivateTag(ushort group, string creator, byte elementOffset, bool reserve = true)
    {
        if ((group & 1) == 0 || group <= 0x0008)
        {
            throw new ArgumentOutOfRangeException(nameof(group), group, "Private groups are odd and above 0008.");
        }

        var block = FindPrivateBlock(group, creator);
        if (block == 0)
        {
            if (!reserve)
            {
                throw new DicomDataException($"No private block of creator '{creator}' in group {group:X4}.");
            }

            for (ushort candidate = 0x10; candidate <= 0xFF && block == 0; candidate++)
            {
                if (!Contains(new DicomTag(group, candidate)))
                {
                    block = candidate;
                }
            }

            if (block == 0)
            {
                throw new DicomDataException($"Group {group:X4} has no free private block.");
            }

            AddOrUpdate(new DicomTag(group, block), DicomVR.LO, creator);
        }

        return new DicomTag(group, (ushort)((block << 8) | elementOffset), creator);
    }

    /// <summary>The creator of the block a private data element lies in, or null.</summary>
    public string? GetPrivateCreator(DicomTag tag)
    {
        if (!tag.IsPrivate || tag.Element < 0x1000)
        {
            return null;
        }

        return this[tag.PrivateCreatorTag] is DicomValueElement creator
            ? DicomValueConverter.TrimValue(DicomValueConverter.DecodeText(creator, CharacterSet), creator.VR)
            : null;
    }

    private ushort FindPrivateBlock(ushort group, string creator)
    {
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            if (this[new DicomTag(group, block)] is DicomValueElement element
                && DicomValueConverter.TrimValue(DicomValueConverter.DecodeText(element, CharacterSet), element.VR) == creator)
            {
                return block;
            }
        }

        return 0;
    }

    private DicomValueElement GetValueElement(DicomTag tag) =>
        this[tag] switch
        {
            DicomValueElement value => value,
            null => throw new DicomDataException(tag, "is not in the data set."),
            var other => throw new DicomDataException(tag, $"holds a {other.GetType().Name}, not a value."),
        };

    private static DicomVR DictionaryVR(DicomTag tag) =>
        DicomDictionary.Find(tag)?.ValueRepresentations is [var first, ..]
            ? first
            : throw new DicomDataException(tag, "is not in the dictionary; give its VR.");

    private static string[] SplitTerms(DicomValueElement element)
    {
        // The terms themselves are in the default repertoire; the first may be empty (ISO 2022 IR 6).
        var text = System.Text.Encoding.ASCII.GetString(element.Buffer.Memory.Span);
        var terms = text.Split('\\');
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = terms[i].Trim(' ', '\0');
        }

        return terms;
    }

    private void Attach(DicomElement element)
    {
        if (element.Tag.Value == SpecificCharacterSetTag.Value)
        {
            _ownCharacterSet = null;
        }

        if (element is DicomSequence sequence)
        {
            sequence.Owner = this;
        }
    }

    private int IndexOf(uint tag)
    {
        var elements = _elements;
        var count = elements.Count;

        // Readers add in ascending order: check the end first.
        if (count == 0 || elements[count - 1].Tag.Value < tag)
        {
            return ~count;
        }

        int low = 0, high = count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var value = elements[mid].Tag.Value;
            if (value == tag)
            {
                return mid;
            }

            if (value < tag)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}
