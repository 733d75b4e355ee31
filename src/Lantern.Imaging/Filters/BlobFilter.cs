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
/// Memory stays near a few slices per thread: each scale runs slab by slab along z, the Gaussian derivatives
/// separable (three passes along x, six along y per slice, kept in a ring of 2r + 1 slices; six along z per
/// output slice), with SciPy's reflecting edges and kernels (<see cref="GaussianDerivativeKernel"/>). Only the
/// measure and its scale are kept for the whole grid.
/// </para>
/// </summary>
public static class BlobFilter
{
    /// <summary>Planes a slice keeps after the in-plane passes, by derivative order (x, y): 00, 01, 02, 10, 11, 20.</summary>
    private const int InPlane = 6;

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
        var plane = g.SizeX * g.SizeY;
        var occupied = new bool[g.SizeZ];
        for (var z = 0; z < g.SizeZ; z++)
        {
            occupied[z] = mask.GetSlice(z).ContainsAnyExcept((byte)0);
        }

        for (var s = 0; s < options.SigmasMm.Count; s++)
        {
            var pass = new ScalePass(g, options.SigmasMm[s], options.Window, options.LaplacianLimit);
            var chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, g.SizeZ / 16));
            var scaleIndex = (byte)(s + 1);
            var measureScale = scale;
            Parallel.For(
                0,
                chunks,
                new ParallelOptions { CancellationToken = cancellationToken },
                c => pass.Run(hounsfield.Voxels, mask.Voxels, occupied, g.SizeZ * c / chunks, g.SizeZ * (c + 1) / chunks, dot, measureScale, scaleIndex, cancellationToken));
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
        private readonly float[][] _x;
        private readonly float[][] _y;
        private readonly float[][] _z;
        private readonly float _low;
        private readonly float _high;
        private readonly double _laplacianLimit;

        public ScalePass(VolumeGeometry g, double sigmaMm, (double Low, double High) window, double laplacianLimit)
        {
            _g = g;
            // Orders 0, 1, 2 along each axis, in voxels; σ² / (spacing_a · spacing_b) turns voxel derivatives
            // into scale-normalised millimetre ones and is folded into the z kernels below.
            _x = [.. Enumerable.Range(0, 3).Select(o => GaussianDerivativeKernel.Weights(sigmaMm / g.Spacing.X, o))];
            _y = [.. Enumerable.Range(0, 3).Select(o => GaussianDerivativeKernel.Weights(sigmaMm / g.Spacing.Y, o))];
            var zKernels = Enumerable.Range(0, 3).Select(o => GaussianDerivativeKernel.Weights(sigmaMm / g.Spacing.Z, o)).ToArray();
            var s2 = sigmaMm * sigmaMm;
            var (dx, dy, dz) = (g.Spacing.X, g.Spacing.Y, g.Spacing.Z);
            _z = [.. Components.Select(c => Scaled(zKernels[c.Z], s2 / (c.Factor(dx, dy, dz))))];
            (_low, _high) = ((float)window.Low, (float)window.High);
            _laplacianLimit = laplacianLimit;
        }

        /// <summary>The six Hessian components: in-plane plane (see <see cref="InPlane"/>), z order, and spacing product.</summary>
        private static (int Plane, int Z, Func<double, double, double, double> Factor)[] Components { get; } =
        [
            (5, 0, (x, y, z) => x * x), // xx
            (2, 0, (x, y, z) => y * y), // yy
            (0, 2, (x, y, z) => z * z), // zz
            (4, 0, (x, y, z) => x * y), // xy
            (3, 1, (x, y, z) => x * z), // xz
            (1, 1, (x, y, z) => y * z), // yz
        ];

        /// <summary>Filters output slices [from, to) and raises <paramref name="dot"/> where this scale gives more.</summary>
        public void Run(float[] hounsfield, byte[] mask, bool[] occupied, int from, int to, float[] dot, byte[] scale, byte scaleIndex, CancellationToken cancellationToken)
        {
            var (sx, sy, sz) = (_g.SizeX, _g.SizeY, _g.SizeZ);
            var plane = sx * sy;
            var rz = _z[0].Length / 2;
            var ringLength = (2 * rz) + 1;
            var ring = new float[ringLength * InPlane * plane];
            var ringSlice = new int[ringLength];
            Array.Fill(ringSlice, int.MinValue);
            var scratch = new float[(3 * plane) + sx + (2 * (_x[0].Length / 2))];
            var hessian = new float[Components.Length * plane];
            for (var z = from; z < to; z++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!occupied[z])
                {
                    continue;
                }

                for (var k = z - rz; k <= z + rz; k++)
                {
                    var slot = ((k % ringLength) + ringLength) % ringLength;
                    if (ringSlice[slot] != k)
                    {
                        InPlanePasses(hounsfield.AsSpan(Reflect(k, sz) * plane, plane), ring.AsSpan(slot * InPlane * plane, InPlane * plane), scratch);
                        ringSlice[slot] = k;
                    }
                }

                for (var c = 0; c < Components.Length; c++)
                {
                    var target = hessian.AsSpan(c * plane, plane);
                    target.Clear();
                    var weights = _z[c];
                    for (var j = 0; j < weights.Length; j++)
                    {
                        var k = z - rz + j;
                        var slot = ((k % ringLength) + ringLength) % ringLength;
                        TensorPrimitives.MultiplyAdd(ring.AsSpan(((slot * InPlane) + Components[c].Plane) * plane, plane), weights[j], target, target);
                    }
                }

                Raise(hessian, plane, mask.AsSpan(z * plane, plane), dot.AsSpan(z * plane, plane), scale.AsSpan(z * plane, plane), scaleIndex);
            }
        }

        private static float[] Scaled(float[] weights, double factor) => [.. weights.Select(w => (float)(w * factor))];

        /// <summary>The six in-plane derivative planes of one slice, clipped to the window first.</summary>
        private void InPlanePasses(ReadOnlySpan<float> slice, Span<float> planes, Span<float> scratch)
        {
            var (sx, sy) = (_g.SizeX, _g.SizeY);
            var plane = sx * sy;
            var rx = _x[0].Length / 2;
            var padded = scratch.Slice(3 * plane, sx + (2 * rx));
            for (var y = 0; y < sy; y++)
            {
                for (var i = 0; i < padded.Length; i++)
                {
                    padded[i] = Math.Clamp(slice[(y * sx) + Reflect(i - rx, sx)], _low, _high);
                }

                for (var order = 0; order < 3; order++)
                {
                    Correlate(padded, _x[order], scratch.Slice((order * plane) + (y * sx), sx));
                }
            }

            // (x order, y order) of each kept plane, in the order of InPlane.
            ReadOnlySpan<(int X, int Y)> orders = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0)];
            var ry = _y[0].Length / 2;
            for (var p = 0; p < orders.Length; p++)
            {
                var source = scratch.Slice(orders[p].X * plane, plane);
                var weights = _y[orders[p].Y];
                for (var y = 0; y < sy; y++)
                {
                    var target = planes.Slice((p * plane) + (y * sx), sx);
                    target.Clear();
                    for (var j = 0; j < weights.Length; j++)
                    {
                        TensorPrimitives.MultiplyAdd(source.Slice(Reflect(y + j - ry, sy) * sx, sx), weights[j], target, target);
                    }
                }
            }
        }

        /// <summary>target[i] = Σ w[k] · padded[i + k]: one row, its edges already reflected into <paramref name="padded"/>.</summary>
        private static void Correlate(ReadOnlySpan<float> padded, float[] weights, Span<float> target)
        {
            target.Clear();
            for (var k = 0; k < weights.Length; k++)
            {
                TensorPrimitives.MultiplyAdd(padded.Slice(k, target.Length), weights[k], target, target);
            }
        }

        private void Raise(float[] hessian, int plane, ReadOnlySpan<byte> mask, Span<float> dot, Span<byte> scale, byte scaleIndex)
        {
            for (var i = 0; i < plane; i++)
            {
                if (mask[i] == 0)
                {
                    continue;
                }

                double xx = hessian[i], yy = hessian[plane + i], zz = hessian[(2 * plane) + i];
                if (xx + yy + zz >= _laplacianLimit)
                {
                    continue;
                }

                var (smallest, largest) = SymmetricEigenvalues.Extremes(xx, yy, zz, hessian[(3 * plane) + i], hessian[(4 * plane) + i], hessian[(5 * plane) + i]);
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
