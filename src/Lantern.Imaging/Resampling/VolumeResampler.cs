using System.Numerics;
using System.Numerics.Tensors;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Resampling;

/// <summary>
/// Trilinear resampling to a new voxel spacing on the same origin and axes
/// (<see cref="VolumeGeometry.WithSpacing"/>). Trilinear interpolation is linear interpolation along
/// z, then y, then x, so it is done that way, one output slice at a time: the z and y passes combine
/// whole slices and rows with <see cref="TensorPrimitives.Lerp{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T})"/>
/// (SIMD); only the x pass, which gathers, is scalar. Output slices are computed in parallel, each
/// worker with a few slices of scratch, so memory beyond the output stays small.
/// </summary>
public static class VolumeResampler
{
    /// <summary>Resampled values as <see cref="float"/>, e.g. for a model's input.</summary>
    public static Volume<float> Resample<T>(Volume<T> source, Vector3D spacing)
        where T : unmanaged, INumberBase<T> =>
        Resample<T, float>(source, spacing);

    /// <summary>Resampled values rounded to the nearest integer and saturated to int16, e.g. Hounsfield units to keep.</summary>
    public static Volume<short> ResampleToInt16<T>(Volume<T> source, Vector3D spacing)
        where T : unmanaged, INumberBase<T> =>
        Resample<T, short>(source, spacing);

    private static Volume<TTarget> Resample<TSource, TTarget>(Volume<TSource> source, Vector3D spacing)
        where TSource : unmanaged, INumberBase<TSource>
        where TTarget : unmanaged, INumberBase<TTarget>
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = source.Geometry;
        var to = from.WithSpacing(spacing);
        var target = new Volume<TTarget>(to);
        var xs = new LinearAxis(from.SizeX, from.Spacing.X, to.SizeX, spacing.X);
        var ys = new LinearAxis(from.SizeY, from.Spacing.Y, to.SizeY, spacing.Y);
        var zs = new LinearAxis(from.SizeZ, from.Spacing.Z, to.SizeZ, spacing.Z);
        Parallel.For(
            0,
            to.SizeZ,
            () => new Worker<TSource>(source, to.SizeY),
            (z, _, worker) =>
            {
                worker.Slice(z, xs, ys, zs, target);
                return worker;
            },
            _ => { });
        return target;
    }

    /// <summary>One thread's scratch: the two source slices last converted, and the z- and y-interpolated planes.</summary>
    private sealed class Worker<TSource>(Volume<TSource> source, int targetRows)
        where TSource : unmanaged, INumberBase<TSource>
    {
        private readonly int _sourceX = source.Geometry.SizeX;
        private readonly float[] _lower = new float[source.SliceLength];
        private readonly float[] _upper = new float[source.SliceLength];
        private readonly float[] _plane = new float[source.SliceLength];
        private readonly float[] _rows = new float[source.Geometry.SizeX * targetRows];
        private int _lowerIndex = -1;
        private int _upperIndex = -1;

        public void Slice<TTarget>(int z, LinearAxis xs, LinearAxis ys, LinearAxis zs, Volume<TTarget> target)
            where TTarget : unmanaged, INumberBase<TTarget>
        {
            Load(ref _lowerIndex, zs.Lower[z], _lower);
            Load(ref _upperIndex, zs.Upper[z], _upper);
            TensorPrimitives.Lerp<float>(_lower, _upper, zs.Weight[z], _plane);

            var width = _sourceX;
            for (var y = 0; y < ys.Weight.Length; y++)
            {
                TensorPrimitives.Lerp<float>(
                    _plane.AsSpan(ys.Lower[y] * width, width),
                    _plane.AsSpan(ys.Upper[y] * width, width),
                    ys.Weight[y],
                    _rows.AsSpan(y * width, width));
            }

            var output = target.GetSlice(z);
            var targetWidth = xs.Weight.Length;
            Span<float> line = targetWidth <= 4096 ? stackalloc float[targetWidth] : new float[targetWidth];
            for (var y = 0; y < ys.Weight.Length; y++)
            {
                var row = _rows.AsSpan(y * width, width);
                for (var x = 0; x < targetWidth; x++)
                {
                    var a = row[xs.Lower[x]];
                    line[x] = a + ((row[xs.Upper[x]] - a) * xs.Weight[x]);
                }

                Store(line, output.Slice(y * targetWidth, targetWidth));
            }
        }

        private void Load(ref int loadedIndex, int index, float[] destination)
        {
            if (loadedIndex == index)
            {
                return;
            }

            // The slices advance together: the upper one of the last output slice is often the lower one now.
            if (destination == _lower && _upperIndex == index)
            {
                _upper.CopyTo(_lower, 0);
            }
            else
            {
                TensorPrimitives.ConvertTruncating<TSource, float>(source.GetSlice(index), destination);
            }

            loadedIndex = index;
        }

        private static void Store<TTarget>(Span<float> values, Span<TTarget> destination)
            where TTarget : unmanaged, INumberBase<TTarget>
        {
            if (typeof(TTarget) != typeof(float))
            {
                TensorPrimitives.Round(values, values);
            }

            TensorPrimitives.ConvertSaturating<float, TTarget>(values, destination);
        }
    }
}
