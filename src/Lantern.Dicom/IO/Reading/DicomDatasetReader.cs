using Lantern.Dicom.Data;
using Lantern.Dicom.Dictionary;
using Lantern.Dicom.IO.Buffers;

namespace Lantern.Dicom.IO.Reading;

/// <summary>
/// Parses data set elements (PS3.5 §7) in one transfer syntax: defined and undefined lengths at any
/// depth, items, encapsulated fragments, and UN of undefined length as an Implicit VR Little Endian
/// sequence (PS3.5 §6.2.2, CP-246).
/// </summary>
internal sealed class DicomDatasetReader(DicomByteReader input, DicomReadOptions options, string? lazyPath)
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    private static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);

    /// <summary>Reads elements into <paramref name="dataset"/> until the end of the stream.</summary>
    public void ReadTopLevel(DicomDataset dataset, bool explicitVR)
    {
        ReadElements(dataset, explicitVR, end: -1, depth: 0, topLevel: true, stopAtGroup: null);
    }

    /// <summary>Reads File Meta Information elements: while the next tag is in group 0002.</summary>
    public void ReadGroup(DicomDataset dataset, bool explicitVR, ushort group)
    {
        ReadElements(dataset, explicitVR, end: -1, depth: 0, topLevel: true, stopAtGroup: group);
    }

    private void ReadElements(DicomDataset dataset, bool explicitVR, long end, int depth, bool topLevel, ushort? stopAtGroup)
    {
        while (true)
        {
            if (end >= 0 && input.Position >= end)
            {
                if (input.Position > end)
                {
                    throw new DicomReadException("an element ran past the end of its item", input.Position);
                }

                return;
            }

            if (!input.TryEnsure(4))
            {
                if (input.TryEnsure(1))
                {
                    throw new DicomReadException("unexpected end of data inside an element tag", input.Position);
                }

                if (topLevel && end < 0)
                {
                    return;
                }

                throw new DicomReadException("unexpected end of data: an item or sequence was not closed", input.Position);
            }

            var start = input.Position;
            if (stopAtGroup is { } group && PeekGroup() != group)
            {
                return;
            }

            var tag = new DicomTag(input.ReadUInt16(null), input.ReadUInt16(null));
            if (tag.Group == 0xFFFE)
            {
                var length = input.ReadUInt32(tag);
                if (tag == DicomTag.ItemDelimitationItem && end < 0 && !topLevel)
                {
                    return;
                }

                // A stray delimiter at the top level with length 0 is common padding; anything else is not a data set.
                if (topLevel && length == 0 && tag != DicomTag.Item)
                {
                    continue;
                }

                throw new DicomReadException("unexpected item or delimitation tag in a data set", start, tag);
            }

            if (topLevel && options.StopBeforePixelData && tag.Value >= PixelData.Value)
            {
                return;
            }

            ReadElement(dataset, tag, explicitVR, end, depth, start);
        }
    }

    private ushort PeekGroup()
    {
        var bytes = input.Peek(2);
        return input.BigEndian ? (ushort)((bytes[0] << 8) | bytes[1]) : (ushort)(bytes[0] | (bytes[1] << 8));
    }

    private void ReadElement(DicomDataset dataset, DicomTag tag, bool explicitVR, long end, int depth, long start)
    {
        if (tag.IsPrivate && tag.Element >= 0x1000)
        {
            tag = new DicomTag(tag.Group, tag.Element, dataset.GetPrivateCreator(tag));
        }

        DicomVR vr;
        uint length;
        var knownVR = true;
        if (explicitVR)
        {
            input.Ensure(4, tag);
            var code = input.Peek(2);
            if (!DicomVR.TryParse(code[0], code[1], out vr))
            {
                throw new DicomReadException($"invalid VR code 0x{code[0]:X2}{code[1]:X2}", start, tag);
            }

            input.Advance(2);
            if (vr.HasLongLength)
            {
                input.Advance(2);
                length = input.ReadUInt32(tag);
            }
            else
            {
                length = input.ReadUInt16(tag);
            }
        }
        else
        {
            length = input.ReadUInt32(tag);
            (vr, knownVR) = ImplicitVR(dataset, tag);
        }

        if (vr.IsSequence || (length == UndefinedLength && (vr == DicomVR.UN || !knownVR || !vr.IsBulk)))
        {
            // UN of undefined length, and an unknown implicit element of undefined length, hold implicit VR items.
            var itemsExplicit = explicitVR && vr.IsSequence;
            var sequence = new DicomSequence(tag);
            AddFirst(dataset, sequence);
            ReadItems(sequence, itemsExplicit, length, end, depth + 1, start);
            return;
        }

        if (length == UndefinedLength)
        {
            AddFirst(dataset, ReadFragments(tag, vr, start));
            return;
        }

        CheckFits(length, end, tag, start);
        AddFirst(dataset, new DicomValueElement(tag, vr, ReadValue(tag, vr, length)));
    }

    /// <summary>A tag repeated within one data set keeps its first value, as DCMTK does; the input is still consumed.</summary>
    private static void AddFirst(DicomDataset dataset, DicomElement element)
    {
        if (!dataset.Contains(element.Tag))
        {
            dataset.Add(element);
        }
    }

    private DicomBuffer ReadValue(DicomTag tag, DicomVR vr, uint length)
    {
        if (lazyPath is not null && options.LargeValueThreshold is { } threshold && length >= threshold && input.CanSeek)
        {
            var offset = input.Position;
            input.Skip(length, tag);
            return new FileDicomBuffer(lazyPath, offset, length, input.BigEndian ? vr.UnitSize : 1);
        }

        var bytes = input.ReadBytes(length, tag);
        if (input.BigEndian)
        {
            ByteSwap.InPlace(bytes, vr.UnitSize);
        }

        return DicomBuffer.FromBytes(bytes);
    }

    private void ReadItems(DicomSequence sequence, bool explicitVR, uint length, long end, int depth, long start)
    {
        if (depth > options.MaximumDepth)
        {
            throw new DicomReadException($"sequences nested deeper than {options.MaximumDepth}", start, sequence.Tag);
        }

        long sequenceEnd = -1;
        if (length != UndefinedLength)
        {
            CheckFits(length, end, sequence.Tag, start);
            sequenceEnd = input.Position + length;
        }

        var savedBigEndian = input.BigEndian;

        // Items of a UN sequence are Implicit VR Little Endian whatever the enclosing syntax.
        if (!explicitVR && savedBigEndian)
        {
            input.BigEndian = false;
        }

        try
        {
            while (sequenceEnd < 0 || input.Position < sequenceEnd)
            {
                var itemStart = input.Position;
                var tag = new DicomTag(input.ReadUInt16(sequence.Tag), input.ReadUInt16(sequence.Tag));
                var itemLength = input.ReadUInt32(sequence.Tag);
                if (tag == DicomTag.SequenceDelimitationItem)
                {
                    if (sequenceEnd >= 0)
                    {
                        throw new DicomReadException("sequence delimiter in a sequence of defined length", itemStart, sequence.Tag);
                    }

                    return;
                }

                if (tag != DicomTag.Item)
                {
                    throw new DicomReadException($"expected an item in the sequence but found {tag}", itemStart, sequence.Tag);
                }

                var item = new DicomDataset();
                sequence.Items.Add(item);
                long itemEnd = -1;
                if (itemLength != UndefinedLength)
                {
                    // An item longer than what is left of its sequence ends with the sequence, as
                    // DCMTK and pydicom read it: writers that drop elements from a record without
                    // fixing its length leave such items (pydicom's DICOMDIR-nooffset).
                    var limit = sequenceEnd >= 0 ? sequenceEnd : end;
                    itemEnd = limit >= 0 ? Math.Min(input.Position + itemLength, limit) : input.Position + itemLength;
                }

                ReadElements(item, explicitVR, itemEnd, depth, topLevel: false, stopAtGroup: null);
            }

            if (input.Position > sequenceEnd)
            {
                throw new DicomReadException("an item ran past the end of its sequence", input.Position, sequence.Tag);
            }
        }
        finally
        {
            input.BigEndian = savedBigEndian;
        }
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, long start)
    {
        DicomBuffer? offsetTable = null;
        var fragments = new List<DicomBuffer>();
        while (true)
        {
            var itemStart = input.Position;
            var itemTag = new DicomTag(input.ReadUInt16(tag), input.ReadUInt16(tag));
            var length = input.ReadUInt32(tag);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                return new DicomFragmentSequence(tag, vr, offsetTable ?? DicomBuffer.Empty, fragments);
            }

            if (itemTag != DicomTag.Item || length == UndefinedLength)
            {
                throw new DicomReadException($"expected a fragment item in encapsulated data but found {itemTag}", itemStart, tag);
            }

            // Fragments are byte streams: never swapped.
            var bytes = DicomBuffer.FromBytes(input.ReadBytes(length, tag));
            if (offsetTable is null)
            {
                offsetTable = bytes;
            }
            else
            {
                fragments.Add(bytes);
            }

            if (fragments.Count > 1 << 24)
            {
                throw new DicomReadException("too many fragments", start, tag);
            }
        }
    }

    private void CheckFits(uint length, long end, DicomTag tag, long start)
    {
        if (end >= 0 && input.Position + length > end)
        {
            throw new DicomReadException($"value length {length} runs past the end of its item", start, tag);
        }
    }

    /// <summary>The dictionary's VR for an implicit element; ambiguous ones resolved as DCMTK does.</summary>
    private static (DicomVR VR, bool Known) ImplicitVR(DicomDataset dataset, DicomTag tag)
    {
        var entry = DicomDictionary.Find(tag);
        if (entry is null || entry.ValueRepresentations.Count == 0)
        {
            return (DicomVR.UN, false);
        }

        var vrs = entry.ValueRepresentations;
        if (vrs.Count == 1)
        {
            return (vrs[0], true);
        }

        if (vrs.Contains(DicomVR.OW))
        {
            return (DicomVR.OW, true);
        }

        if (vrs.Contains(DicomVR.US) && vrs.Contains(DicomVR.SS))
        {
            var signed = dataset.TryGetValue<int>(PixelRepresentation, out var representation) && representation == 1;
            return (signed ? DicomVR.SS : DicomVR.US, true);
        }

        return (vrs[0], true);
    }
}
