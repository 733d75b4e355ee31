using System.Numerics;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// A separable Gaussian blur of an image in place, edges clamped. Each tap is a vector
/// multiply-then-add over a whole row (never fused, so every machine rounds alike).
/// </summary>
internal sealed class GaussianBlur
{
    private readonly float[] _kernel;

    public GaussianBlur(double sigmaPixels)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigmaPixels));
        _kernel = new float[(2 * radius) + 1];
        var sum = 0.0;
        var weights = new double[_kernel.Length];
        for (var i = -radius; i <= radius; i++)
        {
            weights[i + radius] = Math.Exp(-(i * i) / (2 * sigmaPixels * sigmaPixels));
            sum += weights[i + radius];
        }

        for (var i = 0; i < weights.Length; i++)
        {
            _kernel[i] = (float)(weights[i] / sum);
        }

        SquaredSum = _kernel.Sum(w => (double)w * w);
    }

    /// <summary>Σ w² of the 1-D kernel: white noise of deviation 1, blurred in both directions, keeps a deviation of this.</summary>
    public double SquaredSum { get; }

    private int Radius => _kernel.Length / 2;

    /// <summary>Blurs <paramref name="image"/>; <paramref name="scratch"/> holds at least an image plus one padded row.</summary>
    public void Apply(Span<float> image, int columns, int rows, Span<float> scratch)
    {
        var radius = Radius;
        var padded = scratch.Slice(image.Length, columns + (2 * radius));
        var across = scratch[..image.Length];
        for (var row = 0; row < rows; row++)
        {
            var source = image.Slice(row * columns, columns);
            padded[..radius].Fill(source[0]);
            source.CopyTo(padded[radius..]);
            padded[(radius + columns)..].Fill(source[^1]);
            var target = across.Slice(row * columns, columns);
            target.Clear();
            for (var k = 0; k < _kernel.Length; k++)
            {
                AddScaled(target, padded.Slice(k, columns), _kernel[k]);
            }
        }

        for (var row = 0; row < rows; row++)
        {
            var target = image.Slice(row * columns, columns);
            target.Clear();
            for (var k = 0; k < _kernel.Length; k++)
            {
                var source = across.Slice(Math.Clamp(row + k - radius, 0, rows - 1) * columns, columns);
                AddScaled(target, source, _kernel[k]);
            }
        }
    }

    /// <summary>The scratch length <see cref="Apply"/> needs.</summary>
    public int ScratchLength(int columns, int rows) => (columns * rows) + columns + (2 * Radius);

    private static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float weight)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var product = new Vector<float>(source[i..]) * w;
                (new Vector<float>(target[i..]) + product).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i] * weight;
        }
    }
}
