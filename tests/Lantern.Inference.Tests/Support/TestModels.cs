using System.Buffers.Binary;

namespace Lantern.Inference.Tests.Support;

/// <summary>The committed test models (Models/make_models.py) and their expected outputs.</summary>
internal static class TestModels
{
    public static string Path(string fileName) => System.IO.Path.Combine(AppContext.BaseDirectory, "Models", fileName);

    /// <summary>A tensor stored as raw little-endian float32.</summary>
    public static float[] ReadFloats(string fileName)
    {
        var bytes = File.ReadAllBytes(Path(fileName));
        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    /// <summary>Only the CPU: what every test machine has.</summary>
    public static OnnxRuntime CpuRuntime(ILogger? logger = null) =>
        new(new OnnxRuntimeOptions { ExecutionProviders = [ExecutionProvider.Cpu] }, logger);

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > tolerance)
            {
                Assert.Fail($"value {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
            }
        }
    }
}
