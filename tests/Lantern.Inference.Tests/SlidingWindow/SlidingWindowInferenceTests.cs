using Lantern.Inference.SlidingWindow;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.SlidingWindow;

public sealed class SlidingWindowInferenceTests
{
    private static readonly GridSize Patch = new(6, 5, 4);

    [Fact]
    public void Run_PointwiseModel_EqualsOneRunOverTheWholeVolume()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise.onnx"));
        var size = new GridSize(13, 11, 9);
        var volume = RandomVolume(size, seed: 1);
        var windowed = new float[2 * size.VoxelCount];

        new SlidingWindowInference(session, Options(batchSize: 3)).Run(volume, size, windowed);

        TestModels.AssertClose(WholeVolume(session, volume, size), windowed, 1e-5);
    }

    [Fact]
    public void Run_VolumeSmallerThanPatch_PadsAndReturnsTheVolumesVoxels()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise.onnx"));
        var size = new GridSize(4, 3, 2);
        var volume = RandomVolume(size, seed: 2);
        var windowed = new float[2 * size.VoxelCount];

        new SlidingWindowInference(session, Options(batchSize: 2)).Run(volume, size, windowed);

        TestModels.AssertClose(WholeVolume(session, volume, size), windowed, 1e-5);
    }

    [Fact]
    public void Run_ModelWithFixedBatchOfTwo_RunsPairsAndPadsTheLastRun()
    {
        using var runtime = TestModels.CpuRuntime();
        using var fixedBatch = runtime.OpenSession(TestModels.Path("pointwise_batch2.onnx"));
        using var reference = runtime.OpenSession(TestModels.Path("pointwise.onnx"));
        var size = new GridSize(10, 5, 4);
        var volume = RandomVolume(size, seed: 3);
        var windowed = new float[2 * size.VoxelCount];
        var inference = new SlidingWindowInference(fixedBatch, Options(batchSize: 5));

        inference.Run(volume, size, windowed);

        Assert.Equal(2, inference.BatchSize);
        TestModels.AssertClose(WholeVolume(reference, volume, size), windowed, 1e-5);
    }

    [Fact]
    public void Run_ConvolutionModel_BlendsPatchesWithGaussianWeights()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("smooth.onnx"));
        var size = new GridSize(10, 9, 8);
        var volume = RandomVolume(size, seed: 4);
        var windowed = new float[2 * size.VoxelCount];

        new SlidingWindowInference(session, Options(batchSize: 4) with { OutputName = "logits" }).Run(volume, size, windowed);

        // Patches of 6x5x4 with half overlap start at 0, 2 and 4 along every axis of a 10x9x8 volume.
        TestModels.AssertClose(GaussianBlend(session, volume, size, [0, 2, 4], [0, 2, 4], [0, 2, 4]), windowed, 1e-5);
    }

    [Fact]
    public void Run_PatchesLeftOut_ContributeTheModelsOutputForPadding()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("smooth.onnx"));
        var size = new GridSize(10, 9, 8);
        var volume = RandomVolume(size, seed: 5);
        var windowed = new float[2 * size.VoxelCount];
        var options = Options(batchSize: 4) with { OutputName = "logits", PaddingValue = 0.5f };
        static bool Needed(int x, int y, int z) => x != 4 && (y, z) != (2, 0);

        new SlidingWindowInference(session, options).Run(volume, size, windowed, (start, _) => Needed(start.X, start.Y, start.Z));

        TestModels.AssertClose(GaussianBlend(session, volume, size, [0, 2, 4], [0, 2, 4], [0, 2, 4], Needed, padding: 0.5f), windowed, 1e-5);
    }

    [Fact]
    public void Run_PatchMultiple_RunsOnePatchOfTheSmallVolumeRoundedUpToTheMultiple()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("smooth.onnx"));
        var size = new GridSize(5, 4, 3);
        var volume = RandomVolume(size, seed: 6);
        var windowed = new float[2 * size.VoxelCount];
        var options = Options(batchSize: 1) with { OutputName = "logits", PatchSize = new GridSize(8, 8, 8), PatchMultiple = 2, PaddingValue = 0.5f };

        new SlidingWindowInference(session, options).Run(volume, size, windowed);

        // The 6x4x4 patch: padding beyond the volume up to it, the model's own zeros beyond that (an 8x8x8 patch would
        // put 0.5 where this one's edge is, and give other values along the volume's last row and column).
        var patch = new GridSize(6, 4, 4);
        var padded = new float[patch.VoxelCount];
        Array.Fill(padded, 0.5f);
        for (var z = 0; z < size.Z; z++)
        {
            for (var y = 0; y < size.Y; y++)
            {
                volume.AsSpan((z * size.Y + y) * size.X, size.X).CopyTo(padded.AsSpan((z * patch.Y + y) * patch.X));
            }
        }

        var prediction = new float[2 * patch.VoxelCount];
        session.Run(new TensorInput("image", padded, [1, 1, patch.Z, patch.Y, patch.X]), new TensorOutput("logits", prediction, [1, 2, patch.Z, patch.Y, patch.X]));
        var expected = new float[2 * size.VoxelCount];
        for (var c = 0; c < 2; c++)
        {
            for (var z = 0; z < size.Z; z++)
            {
                for (var y = 0; y < size.Y; y++)
                {
                    prediction.AsSpan((int)(c * patch.VoxelCount) + (z * patch.Y + y) * patch.X, size.X).CopyTo(expected.AsSpan((int)(c * size.VoxelCount) + (z * size.Y + y) * size.X));
                }
            }
        }

        TestModels.AssertClose(expected, windowed, 1e-5);
    }

    [Fact]
    public void Constructor_PatchMultipleWithAModelOfFixedSpatialAxes_ThrowsArgumentException()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise_batch2.onnx"));

        var error = Assert.Throws<ArgumentException>(() => new SlidingWindowInference(session, Options(batchSize: 2) with { PatchMultiple = 1 }));

        Assert.Contains("free spatial axes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PatchUnlikeTheModelsFixedInput_ThrowsArgumentException()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise_batch2.onnx"));

        var error = Assert.Throws<ArgumentException>(() => new SlidingWindowInference(session, Options(batchSize: 2) with { PatchSize = new GridSize(8, 8, 8) }));

        Assert.Contains("patch depth 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ChannelsUnlikeTheModelsOutput_ThrowsArgumentException()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise.onnx"));

        var error = Assert.Throws<ArgumentException>(() => new SlidingWindowInference(session, Options(batchSize: 2) with { Channels = 3 }));

        Assert.Contains("3 channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OutputOfWrongLength_ThrowsArgumentException()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise.onnx"));
        var size = new GridSize(6, 5, 4);
        var inference = new SlidingWindowInference(session, Options(batchSize: 1));

        Assert.Throws<ArgumentException>(() => inference.Run(new float[size.VoxelCount], size, new float[size.VoxelCount]));
    }

    [Fact]
    public void Run_CancelledToken_ThrowsBeforeRunningTheModel()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("pointwise.onnx"));
        var size = new GridSize(6, 5, 4);
        var inference = new SlidingWindowInference(session, Options(batchSize: 1));

        Assert.Throws<OperationCanceledException>(() => inference.Run(new float[size.VoxelCount], size, new float[2 * size.VoxelCount], cancellationToken: new CancellationToken(canceled: true)));
    }

    private static SlidingWindowOptions Options(int batchSize) => new()
    {
        InputName = "image",
        OutputName = "probabilities",
        PatchSize = Patch,
        Channels = 2,
        Overlap = 0.5,
        BatchSize = batchSize,
    };

    private static float[] RandomVolume(GridSize size, int seed)
    {
        var random = new Random(seed);
        var volume = new float[size.VoxelCount];
        for (var i = 0; i < volume.Length; i++)
        {
            volume[i] = (float)(random.NextDouble() * 4 - 2);
        }

        return volume;
    }

    /// <summary>The model run once over the whole volume, as the model allows any extent.</summary>
    private static float[] WholeVolume(InferenceSession session, float[] volume, GridSize size)
    {
        var output = new float[2 * size.VoxelCount];
        session.Run(
            new TensorInput("image", volume, [1, 1, size.Z, size.Y, size.X]),
            new TensorOutput(session.Outputs[0].Name, output, [1, 2, size.Z, size.Y, size.X]));
        return output;
    }

    /// <summary>
    /// The blend by its definition, patch by patch in double precision: each voxel's outputs weighted by
    /// exp(-d²/2σ²) per axis, d the distance from the patch centre and σ an eighth of the patch, over the weights' sum.
    /// A patch whose start <paramref name="needed"/> refuses sees <paramref name="padding"/> alone.
    /// </summary>
    private static float[] GaussianBlend(
        InferenceSession session, float[] volume, GridSize size, int[] startsX, int[] startsY, int[] startsZ, Func<int, int, int, bool>? needed = null, float padding = 0)
    {
        var sum = new double[2 * size.VoxelCount];
        var weightSum = new double[size.VoxelCount];
        var patchVoxels = (int)Patch.VoxelCount;
        foreach (var sz in startsZ)
        {
            foreach (var sy in startsY)
            {
                foreach (var sx in startsX)
                {
                    var patch = new float[patchVoxels];
                    for (var z = 0; z < Patch.Z; z++)
                    {
                        for (var y = 0; y < Patch.Y; y++)
                        {
                            for (var x = 0; x < Patch.X; x++)
                            {
                                patch[(z * Patch.Y + y) * Patch.X + x] = needed is null || needed(sx, sy, sz) ? volume[((sz + z) * size.Y + sy + y) * size.X + sx + x] : padding;
                            }
                        }
                    }

                    var prediction = new float[2 * patchVoxels];
                    session.Run(new TensorInput("image", patch, [1, 1, Patch.Z, Patch.Y, Patch.X]), new TensorOutput("logits", prediction, [1, 2, Patch.Z, Patch.Y, Patch.X]));
                    for (var z = 0; z < Patch.Z; z++)
                    {
                        for (var y = 0; y < Patch.Y; y++)
                        {
                            for (var x = 0; x < Patch.X; x++)
                            {
                                var weight = Gaussian(x, Patch.X) * Gaussian(y, Patch.Y) * Gaussian(z, Patch.Z);
                                var voxel = ((sz + z) * size.Y + sy + y) * size.X + sx + x;
                                weightSum[voxel] += weight;
                                for (var c = 0; c < 2; c++)
                                {
                                    sum[c * size.VoxelCount + voxel] += weight * prediction[c * patchVoxels + (z * Patch.Y + y) * Patch.X + x];
                                }
                            }
                        }
                    }
                }
            }
        }

        return sum.Select((value, i) => (float)(value / weightSum[i % size.VoxelCount])).ToArray();
    }

    private static double Gaussian(int position, int extent)
    {
        var distance = position - (extent - 1) / 2.0;
        var sigma = extent / 8.0;
        return Math.Exp(-distance * distance / (2 * sigma * sigma));
    }
}
