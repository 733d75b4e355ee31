using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Lantern.Dicom.IO.Buffers;

namespace Lantern.Dicom.Data;

/// <summary>
/// Encapsulated Pixel Data (PS3.5 §A.4): the Basic Offset Table item, possibly empty, then the
/// fragments of the compressed frames, each kept exactly as stored.
/// </summary>
public sealed class DicomFragmentSequence : DicomElement
{
    private const int ItemHeaderLength = 8;

    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomBuffer offsetTable, IEnumerable<DicomBuffer> fragments)
        : base(tag, vr)
    {
        OffsetTable = offsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The first item's bytes: 32-bit offsets of each frame's first fragment, or empty.</summary>
    public DicomBuffer OffsetTable { get; }

    public IList<DicomBuffer> Fragments { get; }

    /// <summary>
    /// The compressed bytes of each frame. Frames are found, in this order, by the Extended Offset
    /// Table (7FE0,0001) when <paramref name="extendedOffsets"/> are given, by the Basic Offset Table,
    /// by one fragment per frame, or — for a single frame — by joining every fragment.
    /// </summary>
    /// <param name="numberOfFrames">Number of Frames (0028,0008), 1 when absent.</param>
    /// <param name="extendedOffsets">The values of (7FE0,0001), or null.</param>
    public IReadOnlyList<ReadOnlyMemory<byte>> GetFrames(int numberOfFrames, IReadOnlyList<ulong>? extendedOffsets = null)
    {
        if (numberOfFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfFrames), numberOfFrames, "A frame count is at least 1.");
        }

        var starts = FragmentStarts();
        if (extendedOffsets is { Count: > 0 })
        {
            return FramesFromOffsets(extendedOffsets, starts, numberOfFrames, "Extended Offset Table");
        }

        var basic = MemoryMarshal.Cast<byte, uint>(OffsetTable.Memory.Span);
        if (!basic.IsEmpty)
        {
            var offsets = new ulong[basic.Length];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = BitConverter.IsLittleEndian ? basic[i] : BinaryPrimitives.ReverseEndianness(basic[i]);
            }

            return FramesFromOffsets(offsets, starts, numberOfFrames, "Basic Offset Table");
        }

        if (numberOfFrames == Fragments.Count)
        {
            return [.. Fragments.Select(f => f.Memory)];
        }

        if (numberOfFrames == 1)
        {
            return [Join(0, Fragments.Count)];
        }

        throw new DicomDataException(Tag, $"{numberOfFrames} frames in {Fragments.Count} fragments without an offset table: frame boundaries are unknown.");
    }

    /// <summary>Offsets of each fragment's item tag, counted from the first fragment's item tag.</summary>
    private ulong[] FragmentStarts()
    {
        var starts = new ulong[Fragments.Count];
        ulong position = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = position;
            var length = (ulong)Fragments[i].Length;
            position += ItemHeaderLength + length + (length & 1);
        }

        return starts;
    }

    private ReadOnlyMemory<byte>[] FramesFromOffsets(IReadOnlyList<ulong> offsets, ulong[] starts, int numberOfFrames, string table)
    {
        if (offsets.Count != numberOfFrames)
        {
            throw new DicomDataException(Tag, $"the {table} lists {offsets.Count} frames, Number of Frames says {numberOfFrames}.");
        }

        var frames = new ReadOnlyMemory<byte>[numberOfFrames];
        for (var frame = 0; frame < numberOfFrames; frame++)
        {
            var first = Array.BinarySearch(starts, offsets[frame]);
            var end = frame + 1 < numberOfFrames ? Array.BinarySearch(starts, offsets[frame + 1]) : starts.Length;
            if (first < 0 || end < 0 || end <= first)
            {
                throw new DicomDataException(Tag, $"the {table} entry for frame {frame + 1} does not point at a fragment.");
            }

            frames[frame] = Join(first, end);
        }

        return frames;
    }

    private ReadOnlyMemory<byte> Join(int first, int end)
    {
        if (end - first == 1)
        {
            return Fragments[first].Memory;
        }

        var joined = new byte[Fragments.Skip(first).Take(end - first).Sum(f => f.Length)];
        var position = 0;
        for (var i = first; i < end; i++)
        {
            var fragment = Fragments[i].Memory.Span;
            fragment.CopyTo(joined.AsSpan(position));
            position += fragment.Length;
        }

        return joined;
    }
}
