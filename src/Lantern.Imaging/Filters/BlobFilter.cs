using System.Numerics.Tensors;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Filters;

/// <summary>
/// Finds small bright balls (a small solid nodule in lung) with the multi-scale Hessian "dot" filter. At each
/// scale σ the scale-normalised Hessian σ²·∂²(G_σ ∗ I) gives three eigenvalues λ1 ≤ λ2 ≤ λ3; where all three are
/// negative (bright in every direction) the dot measure is λ3² / |λ1|: about |λ| for a ball, near zero for a
/// tube (λ3 ≈ 0) or a plate. The measure is the largest over the scales; blobs are its local maxima inside a
/// mask. Vessels, the lung's commonest bright structure, are tubes, which is why this finds nodules a
/// segmenting network too coarse for them passes over.
/// <para>
/// Memory stays near a few slices per thread: each output slice is filtered on its own, the Gaussian derivatives
/// separable (three passes along z, six along y, six along x), with SciPy's reflecting edges and kernels
/// (<see cref="GaussianDerivativeKernel"/>), looking only at the rows the mask reaches. Only the measure and its
/// scale are kept for the whole grid.
/// </para>
/// </summary>
public static class BlobFilter
{
    /// <summary>The blobs of <paramref name="hounsfield"/> whose voxel is non-zero in <paramref name="mask"/>, in grid order (z, then y, then x).</summary>
    /// <param name="mask">Where to look (non-zero), on the same grid.</param>
    /// <exception cref="ArgumentException">The mask is on another grid, or the options are unusable.</exception>
    public static IReadOnlyList<Blob> Find(Volume<float> hounsfield, Volume<byte> mask, BlobFilterOptions options, CancellationToken cancellationToken = default)
    {
        var dot = Measure(hounsfield, mask, options, out var scale, cancellationToken);
        return Peaks(hounsfield.Geometry, dot, scale, options);
    }

    /// <summary>The dot measure of every voxel (zero outside the mask) and, for each, 1 + the index of the scale that gave it (0: none).</summary>
    internal static float[] Measure(Volume<float> hounsfield, Volume<byte> mask, BlobFilterOptions options, out byte[] scale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hounsfield);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException($"The blob filter's options are unusable: {problem}.", nameof(options));
        }

        var g = hounsfield.Geometry;
        if (mask.Geometry != g)
        {
            throw new ArgumentException($"The mask's grid ({mask.Geometry}) is not the CT values' ({g}).", nameof(mask));
        }

        var dot = new float[hounsfield.Voxels.Length];
        scale = new byte[dot.Length];
        var chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, g.SizeZ / 16));
        for (var s = 0; s < options.SigmasMm.Count; s++)
        {
            var pass = new ScalePass(g, options.SigmasMm[s], options.Window, options.LaplacianLimit);
            var scaleIndex = (byte)(s + 1);
            var measureScale = scale;
            Parallel.For(
                0,
                chunks,
                new ParallelOptions { CancellationToken = cancellationToken },
                c => pass.Run(hounsfield.Voxels, mask.Voxels, g.SizeZ * c / chunks, g.SizeZ * (c + 1) / chunks, dot, measureScale, scaleIndex, cancellationToken));
        }

        return dot;
    }

    private static List<Blob> Peaks(VolumeGeometry g, float[] dot, byte[] scale, BlobFilterOptions options)
    {
        var half = options.PeakWindow / 2;
        var minimum = (float)options.MinimumDot;
        var (sx, sy, sz) = (g.SizeX, g.SizeY, g.SizeZ);
        var perSlice = new List<Blob>[sz];
        Parallel.For(0, sz, z =>
        {
            var found = new List<Blob>();
            for (var y = 0; y < sy; y++)
            {
                var row = ((z * sy) + y) * sx;
                for (var x = 0; x < sx; x++)
                {
                    var value = dot[row + x];
                    if (value >= minimum && IsPeak(dot, g, x, y, z, half, value))
                    {
                        found.Add(new Blob(x, y, z, value, (float)options.SigmasMm[scale[row + x] - 1]));
                    }
                }
            }

            perSlice[z] = found;
        });
        return [.. perSlice.SelectMany(b => b)];
    }

    /// <summary>Whether no voxel of the window (clipped to the grid) exceeds <paramref name="value"/>; equal neighbours are peaks too, as with SciPy's maximum_filter.</summary>
    private static bool IsPeak(float[] dot, VolumeGeometry g, int x, int y, int z, int half, float value)
    {
        var (x0, x1) = (Math.Max(0, x - half), Math.Min(g.SizeX - 1, x + half));
        var (y0, y1) = (Math.Max(0, y - half), Math.Min(g.SizeY - 1, y + half));
        var (z0, z1) = (Math.Max(0, z - half), Math.Min(g.SizeZ - 1, z + half));
        for (var k = z0; k <= z1; k++)
        {
            for (var j = y0; j <= y1; j++)
            {
                var row = dot.AsSpan((((k * g.SizeY) + j) * g.SizeX) + x0, x1 - x0 + 1);
                if (TensorPrimitives.Max(row) > value)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>SciPy's "reflect" edge: index −1 reads 0, index n reads n − 1.</summary>
    private static int Reflect(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        var period = 2 * n;
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - 1 - i;
    }

    /// <summary>One scale's kernels and the work of one slab of slices.</summary>
    private sealed class ScalePass
    {
        private readonly VolumeGeometry _g;
        private readonly float[][] _z;
        private readonly float[][] _y;
        private readonly float[][] _x;
        private readonly float _low;
        private readonly float _high;
        private readonly double _laplacianLimit;

        public ScalePass(VolumeGeometry g, double sigmaMm, (double Low, double High) window, double laplacianLimit)
        {
            _g = g;
            _z = [.. Enumerable.Range(0, 3).Select(o => GaussianDerivativeKernel.Weights(sigmaMm / g.Spacing.Z, o))];
            _y = [.. Enumerable.Range(0, 3).Select(o => GaussianDerivativeKernel.Weights(sigmaMm / g.Spacing.Y, o))];
            var xKernels = Enumerable.Range(0, 3).Select(o => GaussianDerivativeKernel.Weights(sigmaMm / g.Spacing.X, o)).ToArray();
            // σ² / (spacing_a · spacing_b) turns voxel derivatives into scale-normalised millimetre ones; folded into the last pass.
            var s2 = sigmaMm * sigmaMm;
            var (dx, dy, dz) = (g.Spacing.X, g.Spacing.Y, g.Spacing.Z);
            _x = [.. Components.Select(c => Scaled(xKernels[c.X], s2 / c.Factor(dx, dy, dz)))];
            (_low, _high) = ((float)window.Low, (float)window.High);
            _laplacianLimit = laplacianLimit;
        }

        /// <summary>The six Hessian components xx, yy, zz, xy, xz, yz: the (z, y) plane they start from (see <see cref="Planes"/>), their x order, and the spacing product.</summary>
        private static (int Plane, int X, Func<double, double, double, double> Factor)[] Components { get; } =
        [
            (0, 2, (x, y, z) => x * x),
            (2, 0, (x, y, z) => y * y),
            (5, 0, (x, y, z) => z * z),
            (1, 1, (x, y, z) => x * y),
            (3, 1, (x, y, z) => x * z),
            (4, 0, (x, y, z) => y * z),
        ];

        /// <summary>The (z order, y order) of the six planes the z and y passes leave for the x pass.</summary>
        private static (int Z, int Y)[] Planes { get; } = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0)];

        /// <summary>
        /// Filters output slices [from, to) and raises <paramref name="dot"/> where this scale gives more. Along z first,
        /// straight from the volume: each output slice then needs three planes of it and six more, all small enough
        /// to stay in cache, and only the rows within reach of the mask are filtered.
        /// </summary>
        public void Run(float[] hounsfield, byte[] mask, int from, int to, float[] dot, byte[] scale, byte scaleIndex, CancellationToken cancellationToken)
        {
            var (sx, sy, sz) = (_g.SizeX, _g.SizeY, _g.SizeZ);
            var plane = sx * sy;
            var (rz, ry, rx) = (_z[0].Length / 2, _y[0].Length / 2, _x[0].Length / 2);
            var clipped = new float[plane];
            var alongZ = new float[3 * plane];
            var alongY = new float[Planes.Length * plane];
            var padded = new float[sx + (2 * rx)];
            var hessian = new float[Components.Length * sx];
            for (var z = from; z < to; z++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sliceMask = mask.AsSpan(z * plane, plane);
                var first = sliceMask.IndexOfAnyExcept((byte)0);
                if (first < 0)
                {
                    continue;
                }

                var (rowFrom, rowTo) = (first / sx, (sliceMask.LastIndexOfAnyExcept((byte)0) / sx) + 1);
                var (reachFrom, reachTo) = (Math.Max(0, rowFrom - ry), Math.Min(sy, rowTo + ry));
                var rows = (reachFrom * sx, (reachTo - reachFrom) * sx);
                alongZ.AsSpan().Clear();
                for (var j = 0; j < _z[0].Length; j++)
                {
                    var source = hounsfield.AsSpan((Reflect(z + j - rz, sz) * plane) + rows.Item1, rows.Item2);
                    var window = clipped.AsSpan(0, rows.Item2);
                    TensorPrimitives.Clamp(source, _low, _high, window);
                    for (var order = 0; order < 3; order++)
                    {
                        var target = alongZ.AsSpan((order * plane) + rows.Item1, rows.Item2);
                        TensorPrimitives.MultiplyAdd(window, _z[order][j], target, target);
                    }
                }

                for (var y = rowFrom; y < rowTo; y++)
                {
                    var rowMask = sliceMask.Slice(y * sx, sx);
                    if (!rowMask.ContainsAnyExcept((byte)0))
                    {
                        continue;
                    }

                    for (var p = 0; p < Planes.Length; p++)
                    {
                        var target = alongY.AsSpan((p * plane) + (y * sx), sx);
                        target.Clear();
                        var weights = _y[Planes[p].Y];
                        var source = alongZ.AsSpan(Planes[p].Z * plane, plane);
                        for (var j = 0; j < weights.Length; j++)
                        {
                            TensorPrimitives.MultiplyAdd(source.Slice(Reflect(y + j - ry, sy) * sx, sx), weights[j], target, target);
                        }
                    }

                    for (var c = 0; c < Components.Length; c++)
                    {
                        var row = alongY.AsSpan((Components[c].Plane * plane) + (y * sx), sx);
                        row.CopyTo(padded.AsSpan(rx));
                        for (var i = 0; i < rx; i++)
                        {
                            padded[i] = row[Reflect(i - rx, sx)];
                            padded[rx + sx + i] = row[Reflect(sx + i, sx)];
                        }

                        Correlate(padded, _x[c], hessian.AsSpan(c * sx, sx));
                    }

                    var offset = (z * plane) + (y * sx);
                    Raise(hessian, sx, rowMask, dot.AsSpan(offset, sx), scale.AsSpan(offset, sx), scaleIndex);
                }
            }
        }

        private static float[] Scaled(float[] weights, double factor) => [.. weights.Select(w => (float)(w * factor))];

        /// <summary>target[i] = Σ w[k] · padded[i + k]: one row, its edges already reflected into <paramref name="padded"/>.</summary>
        private static void Correlate(ReadOnlySpan<float> padded, float[] weights, Span<float> target)
        {
            target.Clear();
            for (var k = 0; k < weights.Length; k++)
            {
                TensorPrimitives.MultiplyAdd(padded.Slice(k, target.Length), weights[k], target, target);
            }
        }

        /// <summary>Raises the measure of one row's masked voxels; <paramref name="hessian"/> holds the row's six components, one after another.</summary>
        private void Raise(float[] hessian, int length, ReadOnlySpan<byte> mask, Span<float> dot, Span<byte> scale, byte scaleIndex)
        {
            for (var i = 0; i < length; i++)
            {
                if (mask[i] == 0)
                {
                    continue;
                }

                double xx = hessian[i], yy = hessian[length + i], zz = hessian[(2 * length) + i];
                if (xx + yy + zz >= _laplacianLimit)
                {
                    continue;
                }

                var (smallest, largest) = SymmetricEigenvalues.Extremes(xx, yy, zz, hessian[(3 * length) + i], hessian[(4 * length) + i], hessian[(5 * length) + i]);
                if (largest >= 0)
                {
                    continue;
                }

                var measure = (float)(largest * largest / -smallest);
                if (measure > dot[i])
                {
                    dot[i] = measure;
                    scale[i] = scaleIndex;
                }
            }
        }
    }
}
