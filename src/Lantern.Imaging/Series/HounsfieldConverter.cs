using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Lantern.Imaging.Series;

/// <summary>
/// Stored pixel values to Hounsfield units (PS3.3 §C.11.1.1.2: value × Rescale Slope + Rescale
/// Intercept), vectorised with <see cref="TensorPrimitives"/>. Results are rounded to whole HU and
/// saturated to int16: CT values need no finer step, and a 16-bit volume halves the memory of a float one.
/// </summary>
internal static class HounsfieldConverter
{
    /// <param name="stored">One frame of little-endian stored values; modified in place (bits above High Bit cleared or sign-extended).</param>
    /// <param name="scratch">At least as many floats as the frame has pixels.</param>
    public static void Convert(Span<byte> stored, PixelFormat format, double slope, double intercept, Span<short> destination, Span<float> scratch)
    {
        var values = scratch[..destination.Length];
        var unusedBits = 16 - format.BitsStored;
        if (format.IsSigned)
        {
            var signed = MemoryMarshal.Cast<byte, short>(stored)[..destination.Length];
            if (unusedBits > 0)
            {
                TensorPrimitives.ShiftLeft(signed, unusedBits, signed);
                TensorPrimitives.ShiftRightArithmetic(signed, unusedBits, signed);
            }

            TensorPrimitives.ConvertTruncating<short, float>(signed, values);
        }
        else
        {
            var unsigned = MemoryMarshal.Cast<byte, ushort>(stored)[..destination.Length];
            if (unusedBits > 0)
            {
                TensorPrimitives.BitwiseAnd(unsigned, (ushort)((1 << format.BitsStored) - 1), unsigned);
            }

            TensorPrimitives.ConvertTruncating<ushort, float>(unsigned, values);
        }

        if (slope != 1)
        {
            TensorPrimitives.Multiply(values, (float)slope, values);
        }

        if (intercept != 0)
        {
            TensorPrimitives.Add(values, (float)intercept, values);
        }

        if (slope != Math.Round(slope) || intercept != Math.Round(intercept))
        {
            TensorPrimitives.Round(values, values);
        }

        TensorPrimitives.ConvertSaturating<float, short>(values, destination);
    }
}
