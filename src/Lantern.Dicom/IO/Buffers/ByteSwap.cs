using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Lantern.Dicom.IO.Buffers;

/// <summary>Reverses the byte order of each number in a value (Explicit VR Big Endian ↔ little endian).</summary>
internal static class ByteSwap
{
    public static void InPlace(Span<byte> bytes, int unitSize)
    {
        switch (unitSize)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }
}
