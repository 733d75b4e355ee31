using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Onnx;

public sealed class InferenceSessionTests
{
    private static readonly long[] Conv3dInputShape = [2, 1, 5, 6, 7];
    private static readonly long[] Conv3dOutputShape = [2, 3, 5, 6, 7];

    [Fact]
    public void Run_Conv3dModel_MatchesNumpyReferenceWithin1e5()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var logits = new float[2 * 3 * 5 * 6 * 7];
        var probabilities = new float[logits.Length];

        session.Run(
            [new TensorInput("input", TestModels.ReadFloats("conv3d.input.bin"), Conv3dInputShape)],
            [new TensorOutput("logits", logits, Conv3dOutputShape), new TensorOutput("probabilities", probabilities, Conv3dOutputShape)]);

        TestModels.AssertClose(TestModels.ReadFloats("conv3d.logits.bin"), logits, 1e-5);
        TestModels.AssertClose(TestModels.ReadFloats("conv3d.probabilities.bin"), probabilities, 1e-5);
    }

    [Fact]
    public void Run_OneOfTwoOutputsNamed_WritesThatOutputOnly()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var probabilities = new float[2 * 3 * 5 * 6 * 7];

        session.Run(
            new TensorInput("input", TestModels.ReadFloats("conv3d.input.bin"), Conv3dInputShape),
            new TensorOutput("probabilities", probabilities, Conv3dOutputShape));

        TestModels.AssertClose(TestModels.ReadFloats("conv3d.probabilities.bin"), probabilities, 1e-5);
    }

    [Fact]
    public void Run_OutputOverPooledArraySlice_WritesInPlace()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var input = new float[5000];
        var expectedInput = TestModels.ReadFloats("conv3d.input.bin");
        expectedInput.CopyTo(input, 100);
        var output = new float[5000];
        output.AsSpan().Fill(float.NaN);

        session.Run(
            new TensorInput("input", input.AsMemory(100, expectedInput.Length), Conv3dInputShape),
            new TensorOutput("logits", output.AsMemory(200, 2 * 3 * 5 * 6 * 7), Conv3dOutputShape));

        TestModels.AssertClose(TestModels.ReadFloats("conv3d.logits.bin"), output.AsSpan(200, 2 * 3 * 5 * 6 * 7), 1e-5);
        Assert.True(float.IsNaN(output[199]) && float.IsNaN(output[200 + 2 * 3 * 5 * 6 * 7]), "ORT wrote outside the output slice");
    }

    [Fact]
    public void OpenSession_FromMemory_RunsLikeFromFile()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(File.ReadAllBytes(TestModels.Path("conv3d.onnx")), "conv3d in memory");
        var logits = new float[2 * 3 * 5 * 6 * 7];

        session.Run(new TensorInput("input", TestModels.ReadFloats("conv3d.input.bin"), Conv3dInputShape), new TensorOutput("logits", logits, Conv3dOutputShape));

        Assert.Equal("conv3d in memory", session.Name);
        TestModels.AssertClose(TestModels.ReadFloats("conv3d.logits.bin"), logits, 1e-5);
    }

    [Fact]
    public void OpenSession_Model_DescribesInputsAndOutputs()
    {
        using var runtime = TestModels.CpuRuntime();
        using var fixedShapes = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        using var openShapes = runtime.OpenSession(TestModels.Path("pointwise.onnx"));

        Assert.Equal("input", Assert.Single(fixedShapes.Inputs).Name);
        Assert.Equal([2L, 1, 5, 6, 7], fixedShapes.Inputs[0].Shape);
        Assert.Equal(["logits", "probabilities"], fixedShapes.Outputs.Select(output => output.Name));
        Assert.Equal([-1L, 1, -1, -1, -1], Assert.Single(openShapes.Inputs).Shape);
        Assert.Equal([-1L, 2, -1, -1, -1], Assert.Single(openShapes.Outputs).Shape);
    }

    [Fact]
    public void Run_WrongInputShape_ThrowsOnnxRuntimeExceptionWithOrtMessage()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var input = new float[2 * 1 * 5 * 6 * 8];

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(
            new TensorInput("input", input, [2, 1, 5, 6, 8]),
            new TensorOutput("logits", new float[2 * 3 * 5 * 6 * 8], [2, 3, 5, 6, 8])));

        Assert.Equal(OnnxRuntimeErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("invalid dimensions", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Run_DataShorterThanShape_ThrowsArgumentExceptionBeforeOrtReadsPastIt()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));

        var error = Assert.Throws<ArgumentException>(() => session.Run(
            new TensorInput("input", new float[10], Conv3dInputShape),
            new TensorOutput("logits", new float[2 * 3 * 5 * 6 * 7], Conv3dOutputShape)));

        Assert.Contains("420", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownInputName_ThrowsArgumentExceptionListingTheModelsInputs()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));

        var error = Assert.Throws<ArgumentException>(() => session.Run(
            new TensorInput("ct", new float[420], Conv3dInputShape),
            new TensorOutput("logits", new float[2 * 3 * 5 * 6 * 7], Conv3dOutputShape)));

        Assert.Contains("'ct'", error.Message, StringComparison.Ordinal);
        Assert.Contains("input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSession_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        using var runtime = TestModels.CpuRuntime();
        var path = Path.Combine(Path.GetTempPath(), "lantern-no-such-model.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => runtime.OpenSession(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSession_NotAnOnnxModel_ThrowsOnnxRuntimeException()
    {
        using var runtime = TestModels.CpuRuntime();

        var error = Assert.Throws<OnnxRuntimeException>(() => runtime.OpenSession("this is not protobuf"u8.ToArray(), "garbage"));

        Assert.NotEqual(OnnxRuntimeErrorCode.Ok, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void OpenSession_IntegerInput_ThrowsNotSupportedNamingTheInput()
    {
        using var runtime = TestModels.CpuRuntime();

        var error = Assert.Throws<NotSupportedException>(() => runtime.OpenSession(TestModels.Path("int_input.onnx")));

        Assert.Contains("'ids'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_Session_ReleasesNativeSessionAndRefusesRuns()
    {
        using var runtime = TestModels.CpuRuntime();
        var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));

        session.Dispose();

        Assert.True(session.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => session.Run(
            new TensorInput("input", new float[420], Conv3dInputShape),
            new TensorOutput("logits", new float[2 * 3 * 5 * 6 * 7], Conv3dOutputShape)));
    }

    [Fact]
    public void Run_RuntimeDisposedBeforeTheSession_StillRuns()
    {
        var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var logits = new float[2 * 3 * 5 * 6 * 7];

        runtime.Dispose();
        session.Run(new TensorInput("input", TestModels.ReadFloats("conv3d.input.bin"), Conv3dInputShape), new TensorOutput("logits", logits, Conv3dOutputShape));

        TestModels.AssertClose(TestModels.ReadFloats("conv3d.logits.bin"), logits, 1e-5);
    }

    [Fact]
    public void OpenSession_RepeatedlyOpenedRunAndDisposed_ReleasesEverySession()
    {
        using var runtime = TestModels.CpuRuntime();
        var input = TestModels.ReadFloats("conv3d.input.bin");
        var logits = new float[2 * 3 * 5 * 6 * 7];
        var sessions = new List<InferenceSession>();

        for (var i = 0; i < 100; i++)
        {
            using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
            session.Run(new TensorInput("input", input, Conv3dInputShape), new TensorOutput("logits", logits, Conv3dOutputShape));
            sessions.Add(session);
        }

        Assert.All(sessions, session => Assert.True(session.IsClosed));
        TestModels.AssertClose(TestModels.ReadFloats("conv3d.logits.bin"), logits, 1e-5);
    }

    [Fact]
    public void Run_FromSeveralThreadsAtOnce_GivesEachTheReferenceOutput()
    {
        using var runtime = TestModels.CpuRuntime();
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var input = TestModels.ReadFloats("conv3d.input.bin");
        var expected = TestModels.ReadFloats("conv3d.logits.bin");

        var outputs = Enumerable.Range(0, 8).AsParallel().Select(_ =>
        {
            var logits = new float[expected.Length];
            session.Run(new TensorInput("input", input, Conv3dInputShape), new TensorOutput("logits", logits, Conv3dOutputShape));
            return logits;
        }).ToList();

        Assert.All(outputs, logits => TestModels.AssertClose(expected, logits, 1e-5));
    }
}
