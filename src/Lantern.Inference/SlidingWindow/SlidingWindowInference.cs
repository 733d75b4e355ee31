using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Lantern.Inference.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lantern.Inference.SlidingWindow;

/// <summary>
/// Runs a patch-based 3-D model over a whole volume: overlapping patches, several per run, their outputs
/// blended with Gaussian weights into one output per channel. Thread-safe; buffers are pooled per call.
/// A caller may leave patches out (<see cref="Run"/>): their voxels get what the model says of a patch of
/// padding alone, so that every voxel's weights still sum to 1 and a region left out reads as empty.
/// </summary>
public sealed class SlidingWindowInference
{
    private readonly InferenceSession _session;
    private readonly SlidingWindowOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<GridSize, float[]> _paddingPredictions = new();

    /// <exception cref="ArgumentException">The options are out of range or do not fit the model's input and output.</exception>
    public SlidingWindowInference(InferenceSession session, SlidingWindowOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _session = session;
        _options = options;
        _logger = logger ?? NullLogger.Instance;

        var patch = options.PatchSize;
        var input = Find(session.Inputs, options.InputName, "input");
        var output = Find(session.Outputs, options.OutputName, "output");
        Expect(input, 1, 1, "one channel");
        Expect(output, 1, options.Channels, $"{options.Channels} channels");
        foreach (var tensor in (TensorInfo[])[input, output])
        {
            if (options.PatchMultiple is { } multiple)
            {
                // Any multiple, so no fixed side.
                for (var dimension = 2; dimension <= 4; dimension++)
                {
                    Expect(tensor, dimension, -1, $"patches of any multiple of {multiple} (free spatial axes)");
                }

                continue;
            }

            Expect(tensor, 2, patch.Z, $"patch depth {patch.Z}");
            Expect(tensor, 3, patch.Y, $"patch height {patch.Y}");
            Expect(tensor, 4, patch.X, $"patch width {patch.X}");
        }

        // A model exported with a fixed batch gets exactly that many patches per run, the last run padded.
        FixedBatch = input.Shape[0] > 0;
        BatchSize = FixedBatch ? (int)input.Shape[0] : options.BatchSize;
    }

    /// <summary>Patches per run.</summary>
    public int BatchSize { get; }

    private bool FixedBatch { get; }

    /// <summary>
    /// Infers <paramref name="volume"/> (x fastest, then y, then z; already resampled and normalised) into
    /// <paramref name="output"/>, which holds channel after channel of the same grid: [channels, z, y, x].
    /// A volume smaller than the patch along an axis is padded with <see cref="SlidingWindowOptions.PaddingValue"/>, up to
    /// the patch of <see cref="SlidingWindowOptions.PatchFor"/>.
    /// Only the patches <paramref name="needed"/> accepts (given each patch's start and the patch) are run (all when it is
    /// null); the others contribute the
    /// model's output for a patch of padding alone, computed once per instance and patch size.
    /// </summary>
    /// <exception cref="ArgumentException">Spans whose lengths do not match <paramref name="size"/>.</exception>
    /// <exception cref="OnnxRuntimeException">The model failed.</exception>
    public void Run(ReadOnlySpan<float> volume, GridSize size, Span<float> output, Func<PatchStart, GridSize, bool>? needed = null, CancellationToken cancellationToken = default)
    {
        if (size.X < 1 || size.Y < 1 || size.Z < 1 || volume.Length != size.VoxelCount)
        {
            throw new ArgumentException($"The volume holds {volume.Length} values, a {size} grid needs {size.VoxelCount}.", nameof(volume));
        }

        var channels = _options.Channels;
        if (output.Length != channels * size.VoxelCount)
        {
            throw new ArgumentException($"The output holds {output.Length} values, {channels} channels of a {size} grid need {channels * size.VoxelCount}.", nameof(output));
        }

        var patch = _options.PatchFor(size);
        var axisX = new PatchAxis(size.X, patch.X, _options.Overlap, _options.SigmaScale);
        var axisY = new PatchAxis(size.Y, patch.Y, _options.Overlap, _options.SigmaScale);
        var axisZ = new PatchAxis(size.Z, patch.Z, _options.Overlap, _options.SigmaScale);
        var all = axisX.Starts.Length * axisY.Starts.Length * axisZ.Starts.Length;
        var run = new List<int>(all);
        var skipped = new List<int>();
        for (var index = 0; index < all; index++)
        {
            var (ix, iy, iz) = Position(index, axisX, axisY);
            (needed is null || needed(new PatchStart(axisX.Starts[ix], axisY.Starts[iy], axisZ.Starts[iz]), patch) ? run : skipped).Add(index);
        }

        var patches = run.Count;
        var runs = (patches + BatchSize - 1) / BatchSize;
        InferenceLog.SlidingWindow(_logger, size.X, size.Y, size.Z, all, skipped.Count, patch.X, patch.Y, patch.Z, runs);

        var patchVoxels = (int)patch.VoxelCount;
        var inputs = ArrayPool<float>.Shared.Rent(BatchSize * patchVoxels);
        var predictions = ArrayPool<float>.Shared.Rent(BatchSize * channels * patchVoxels);
        var rowWeights = ArrayPool<float>.Shared.Rent(patch.X);
        try
        {
            output.Clear();
            foreach (var index in skipped)
            {
                var (ix, iy, iz) = Position(index, axisX, axisY);
                Accumulate(_paddingPredictions.GetOrAdd(patch, PredictPadding), patch, size, output, axisX, ix, axisY, iy, axisZ, iz, rowWeights);
            }

            var first = 0;
            while (first < patches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(BatchSize, patches - first);
                for (var slot = 0; slot < count; slot++)
                {
                    var (ix, iy, iz) = Position(run[first + slot], axisX, axisY);
                    Extract(volume, size, patch, axisX.Starts[ix], axisY.Starts[iy], axisZ.Starts[iz], inputs.AsSpan(slot * patchVoxels, patchVoxels));
                }

                var batch = FixedBatch ? BatchSize : count;
                inputs.AsSpan(count * patchVoxels, (batch - count) * patchVoxels).Fill(_options.PaddingValue);
                _session.Run(
                    new TensorInput(_options.InputName, inputs.AsMemory(0, batch * patchVoxels), [batch, 1, patch.Z, patch.Y, patch.X]),
                    new TensorOutput(_options.OutputName, predictions.AsMemory(0, batch * channels * patchVoxels), [batch, channels, patch.Z, patch.Y, patch.X]));

                for (var slot = 0; slot < count; slot++)
                {
                    var (ix, iy, iz) = Position(run[first + slot], axisX, axisY);
                    Accumulate(predictions.AsSpan(slot * channels * patchVoxels, channels * patchVoxels), patch, size, output, axisX, ix, axisY, iy, axisZ, iz, rowWeights);
                }

                first += count;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rowWeights);
            ArrayPool<float>.Shared.Return(predictions);
            ArrayPool<float>.Shared.Return(inputs);
        }
    }

    /// <summary>The model's output for one patch of padding alone: [channels, z, y, x].</summary>
    private float[] PredictPadding(GridSize patch)
    {
        var patchVoxels = (int)patch.VoxelCount;
        var batch = FixedBatch ? BatchSize : 1;
        var input = new float[batch * patchVoxels];
        input.AsSpan().Fill(_options.PaddingValue);
        var prediction = new float[batch * _options.Channels * patchVoxels];
        _session.Run(
            new TensorInput(_options.InputName, input, [batch, 1, patch.Z, patch.Y, patch.X]),
            new TensorOutput(_options.OutputName, prediction, [batch, _options.Channels, patch.Z, patch.Y, patch.X]));
        return prediction[..(_options.Channels * patchVoxels)];
    }

    /// <summary>The patch's start index along each axis; patches are numbered x fastest, like voxels.</summary>
    private static (int X, int Y, int Z) Position(int patch, PatchAxis axisX, PatchAxis axisY)
    {
        var nx = axisX.Starts.Length;
        var ny = axisY.Starts.Length;
        return (patch % nx, patch / nx % ny, patch / (nx * ny));
    }

    /// <summary>Copies one patch out of the volume, padding where it overhangs the volume.</summary>
    private void Extract(ReadOnlySpan<float> volume, GridSize size, GridSize patch, int startX, int startY, int startZ, Span<float> destination)
    {
        var inside = Math.Min(patch.X, size.X - startX);
        for (var z = 0; z < patch.Z; z++)
        {
            for (var y = 0; y < patch.Y; y++)
            {
                var row = destination.Slice((z * patch.Y + y) * patch.X, patch.X);
                int vz = startZ + z, vy = startY + y;
                if (vz >= size.Z || vy >= size.Y)
                {
                    row.Fill(_options.PaddingValue);
                    continue;
                }

                volume.Slice((int)(((long)vz * size.Y + vy) * size.X + startX), inside).CopyTo(row);
                row[inside..].Fill(_options.PaddingValue);
            }
        }
    }

    /// <summary>Adds one patch's weighted prediction to the output, row by row; the weights of each voxel sum to 1.</summary>
    private void Accumulate(
        ReadOnlySpan<float> prediction,
        GridSize patch,
        GridSize size,
        Span<float> output,
        PatchAxis axisX, int ix,
        PatchAxis axisY, int iy,
        PatchAxis axisZ, int iz,
        float[] rowWeights)
    {
        var patchVoxels = (int)patch.VoxelCount;
        int startX = axisX.Starts[ix], startY = axisY.Starts[iy], startZ = axisZ.Starts[iz];
        var inside = Math.Min(patch.X, size.X - startX);
        var weightsX = axisX.Weights(ix)[..inside];
        var weights = rowWeights.AsSpan(0, inside);
        for (var z = 0; z < patch.Z && startZ + z < size.Z; z++)
        {
            var weightZ = axisZ.Weights(iz)[z];
            for (var y = 0; y < patch.Y && startY + y < size.Y; y++)
            {
                TensorPrimitives.Multiply(weightsX, weightZ * axisY.Weights(iy)[y], weights);
                var voxel = ((long)(startZ + z) * size.Y + startY + y) * size.X + startX;
                for (var c = 0; c < _options.Channels; c++)
                {
                    var source = prediction.Slice(c * patchVoxels + (z * patch.Y + y) * patch.X, inside);
                    var target = output.Slice((int)(c * size.VoxelCount + voxel), inside);
                    TensorPrimitives.MultiplyAdd(source, weights, target, target);
                }
            }
        }
    }

    private TensorInfo Find(IReadOnlyList<TensorInfo> tensors, string name, string kind) =>
        tensors.FirstOrDefault(tensor => tensor.Name == name)
            ?? throw new ArgumentException($"Model {_session.Name} has no {kind} named '{name}'; its {kind}s are {string.Join(", ", tensors.Select(t => t.Name))}.");

    private void Expect(TensorInfo tensor, int dimension, int value, string what)
    {
        if (tensor.Shape.Count != 5)
        {
            throw new ArgumentException($"Model {_session.Name}: '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}]; the sliding window needs [batch, channels, z, y, x].");
        }

        if (tensor.Shape[dimension] > 0 && tensor.Shape[dimension] != value)
        {
            throw new ArgumentException($"Model {_session.Name}: '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}], which does not fit {what}.");
        }
    }
}
