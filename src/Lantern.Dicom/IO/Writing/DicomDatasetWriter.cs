using System.Buffers.Binary;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;

namespace Lantern.Dicom.IO.Writing;

/// <summary>
/// Encodes a data set in one of the uncompressed syntaxes (PS3.5 §7): values padded to even length,
/// numbers byte-swapped by VR for big endian, sequences with defined or undefined lengths. Group
/// length elements are not written: they are retired outside group 0002 and would be stale after
/// any change of syntax.
/// </summary>
public sealed class DicomDatasetWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private readonly Stream _output;
    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly bool _undefinedLengths;
    private readonly bool _encapsulated;
    private readonly TransferSyntax _syntax;

    private DicomDatasetWriter(Stream output, TransferSyntax syntax, DicomWriteOptions options)
    {
        _output = output;
        _syntax = syntax;
        _explicitVR = syntax.IsExplicitVR;
        _bigEndian = syntax.IsBigEndian;
        _encapsulated = syntax.IsEncapsulated;
        _undefinedLengths = options.UndefinedSequenceLengths;
    }

    /// <summary>Writes <paramref name="dataset"/> (not deflated: the caller wraps the stream for that).</summary>
    public static void Write(Stream output, DicomDataset dataset, TransferSyntax syntax, DicomWriteOptions? options = null)
    {
        var writer = new DicomDatasetWriter(output, syntax, options ?? DicomWriteOptions.Default);
        writer.CheckPixelData(dataset);
        writer.WriteElements(dataset);
    }

    /// <summary>Bytes <paramref name="dataset"/> takes in <paramref name="syntax"/>.</summary>
    public static long ComputeLength(DicomDataset dataset, TransferSyntax syntax, DicomWriteOptions? options = null) =>
        new DicomDatasetWriter(Stream.Null, syntax, options ?? DicomWriteOptions.Default).DatasetLength(dataset);

    private void CheckPixelData(DicomDataset dataset)
    {
        var pixelData = dataset[PixelData];
        if (pixelData is DicomFragmentSequence && !_encapsulated)
        {
            throw new InvalidOperationException($"Encapsulated Pixel Data cannot be written in {_syntax.Name}; decompress it first.");
        }

        if (pixelData is DicomValueElement && _encapsulated)
        {
            throw new InvalidOperationException($"Native Pixel Data cannot be written in {_syntax.Name}; compress it first.");
        }
    }

    private void WriteElements(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            if (element.Tag.IsGroupLength)
            {
                continue;
            }

            switch (element)
            {
                case DicomValueElement value:
                    WriteValue(value);
                    break;
                case DicomSequence sequence:
                    WriteSequence(sequence);
                    break;
                case DicomFragmentSequence fragments:
                    WriteFragments(fragments);
                    break;
            }
        }
    }

    private void WriteValue(DicomValueElement element)
    {
        var length = element.Length;
        var padded = length + (length & 1);
        var vr = EncodableVR(element.VR, padded);
        WriteHeader(element.Tag, vr, (uint)padded);
        if (_bigEndian && vr.UnitSize > 1)
        {
            var swapped = element.Buffer.Memory.ToArray();
            ByteSwap.InPlace(swapped, vr.UnitSize);
            _output.Write(swapped);
        }
        else
        {
            element.Buffer.CopyTo(_output);
        }

        if (padded != length)
        {
            _output.WriteByte(element.VR.PaddingByte);
        }
    }

    private void WriteSequence(DicomSequence sequence)
    {
        WriteHeader(sequence.Tag, DicomVR.SQ, _undefinedLengths ? UndefinedLength : checked((uint)ItemsLength(sequence)));
        foreach (var item in sequence.Items)
        {
            WriteItemTag(DicomTag.Item, _undefinedLengths ? UndefinedLength : checked((uint)DatasetLength(item)));
            WriteElements(item);
            if (_undefinedLengths)
            {
                WriteItemTag(DicomTag.ItemDelimitationItem, 0);
            }
        }

        if (_undefinedLengths)
        {
            WriteItemTag(DicomTag.SequenceDelimitationItem, 0);
        }
    }

    private void WriteFragments(DicomFragmentSequence fragments)
    {
        WriteHeader(fragments.Tag, fragments.VR, UndefinedLength);
        WriteFragment(fragments.OffsetTable);
        foreach (var fragment in fragments.Fragments)
        {
            WriteFragment(fragment);
        }

        WriteItemTag(DicomTag.SequenceDelimitationItem, 0);
    }

    private void WriteFragment(DicomBuffer fragment)
    {
        var length = fragment.Length;
        WriteItemTag(DicomTag.Item, checked((uint)(length + (length & 1))));
        fragment.CopyTo(_output);
        if ((length & 1) == 1)
        {
            _output.WriteByte(0);
        }
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        WriteUInt16(header, tag.Group);
        WriteUInt16(header[2..], tag.Element);
        if (!_explicitVR)
        {
            WriteUInt32(header[4..], length);
            _output.Write(header[..8]);
            return;
        }

        header[4] = (byte)vr.Code[0];
        header[5] = (byte)vr.Code[1];
        if (vr.HasLongLength)
        {
            header[6] = 0;
            header[7] = 0;
            WriteUInt32(header[8..], length);
            _output.Write(header);
        }
        else
        {
            WriteUInt16(header[6..], (ushort)length);
            _output.Write(header[..8]);
        }
    }

    private void WriteItemTag(DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        WriteUInt16(header, tag.Group);
        WriteUInt16(header[2..], tag.Element);
        WriteUInt32(header[4..], length);
        _output.Write(header);
    }

    /// <summary>A value too long for its VR's 16-bit length field goes out as UN (as DCMTK does).</summary>
    private DicomVR EncodableVR(DicomVR vr, long paddedLength) =>
        _explicitVR && !vr.HasLongLength && paddedLength > ushort.MaxValue ? DicomVR.UN : vr;

    private long DatasetLength(DicomDataset dataset)
    {
        long total = 0;
        foreach (var element in dataset)
        {
            if (!element.Tag.IsGroupLength)
            {
                total += ElementLength(element);
            }
        }

        return total;
    }

    private long ElementLength(DicomElement element)
    {
        switch (element)
        {
            case DicomValueElement value:
                var padded = value.Length + (value.Length & 1);
                return HeaderLength(EncodableVR(value.VR, padded)) + padded;
            case DicomSequence sequence:
                return HeaderLength(DicomVR.SQ) + ItemsLength(sequence) + (_undefinedLengths ? 8 : 0);
            case DicomFragmentSequence fragments:
                var total = HeaderLength(fragments.VR) + 8 + 8 + fragments.OffsetTable.Length + (fragments.OffsetTable.Length & 1);
                foreach (var fragment in fragments.Fragments)
                {
                    total += 8 + fragment.Length + (fragment.Length & 1);
                }

                return total;
            default:
                throw new InvalidOperationException($"Unknown element type {element.GetType().Name}.");
        }
    }

    private long ItemsLength(DicomSequence sequence)
    {
        long total = 0;
        foreach (var item in sequence.Items)
        {
            total += 8 + DatasetLength(item) + (_undefinedLengths ? 8 : 0);
        }

        return total;
    }

    private int HeaderLength(DicomVR vr) => _explicitVR ? vr.ExplicitHeaderSize : 8;

    private void WriteUInt16(Span<byte> destination, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }
    }

    private void WriteUInt32(Span<byte> destination, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
    }
}
