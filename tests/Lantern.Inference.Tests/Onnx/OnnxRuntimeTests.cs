using Lantern.Inference.Interop;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Onnx;

public sealed class OnnxRuntimeTests
{
    [Fact]
    public void Constructor_LibraryCopiedByTheBuild_LoadsVersion1_30FromTheTestFolder()
    {
        var logger = new ListLogger();

        using var runtime = TestModels.CpuRuntime(logger);

        Assert.Equal("1.30.0", runtime.Version);
        Assert.Equal(AppContext.BaseDirectory, Path.GetDirectoryName(runtime.LibraryPath) + Path.DirectorySeparatorChar);
        Assert.Contains(logger.Events, e => e.Id.Id == 3000 && e.Message.Contains("1.30.0", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFirst_NoLibraryAnywhere_ThrowsNamingThePathsAndHowToGetIt()
    {
        var folder = Directory.CreateTempSubdirectory("lantern-ort-").FullName;
        try
        {
            var missing = Path.Combine(folder, OrtLibrary.FileName);

            var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibrary.LoadFirst([missing]));

            Assert.Equal([missing], error.SearchedPaths);
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
            Assert.Contains("npm pack onnxruntime-node@1.30.0", error.Message, StringComparison.Ordinal);
            Assert.Contains("LANTERN_ONNXRUNTIME_DIR", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void LoadFirst_FileThatIsNoLibrary_ThrowsSayingItDoesNotLoad()
    {
        var folder = Directory.CreateTempSubdirectory("lantern-ort-").FullName;
        try
        {
            var fake = Path.Combine(folder, OrtLibrary.FileName);
            File.WriteAllText(fake, "not a shared library");

            var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibrary.LoadFirst([fake]));

            Assert.Contains(fake, error.Message, StringComparison.Ordinal);
            Assert.Contains("does not load", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Candidates_ConfiguredFolder_ComesBeforeTheApplicationFolder()
    {
        var candidates = OrtLibrary.Candidates("/opt/ort");

        Assert.Equal(Path.GetFullPath(Path.Combine("/opt/ort", OrtLibrary.FileName)), candidates[0]);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, OrtLibrary.FileName), candidates[^1]);
    }

    [Fact]
    public void OpenSession_CudaPreferredButItsLibrariesMissing_FallsBackToCpuAndLogsWhy()
    {
        var logger = new ListLogger();
        using var runtime = new OnnxRuntime(new OnnxRuntimeOptions { ExecutionProviders = [ExecutionProvider.Cuda, ExecutionProvider.Cpu] }, logger);

        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));

        // The npm package ships no CUDA provider libraries; where someone added them, CUDA is rightly chosen.
        if (session.Provider == ExecutionProvider.Cuda)
        {
            return;
        }

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        var unavailable = Assert.Single(logger.Events, e => e.Id.Id == 3001);
        Assert.Equal(LogLevel.Information, unavailable.Level);
        Assert.Contains("Cuda", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Events, e => e.Id.Id == 3002 && e.Message.Contains("conv3d.onnx runs on Cpu", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenSession_DirectMLPreferredOffWindows_FallsBackToCpuAndLogsWhy()
    {
        var logger = new ListLogger();
        using var runtime = new OnnxRuntime(new OnnxRuntimeOptions { ExecutionProviders = [ExecutionProvider.DirectML] }, logger);

        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));

        if (OperatingSystem.IsWindows())
        {
            Assert.Contains(session.Provider, (ExecutionProvider[])[ExecutionProvider.DirectML, ExecutionProvider.Cpu]);
            return;
        }

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Contains(logger.Events, e => e.Id.Id == 3001 && e.Message.Contains("Windows only", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenSession_ProvidersAfterCpu_AreNotTried()
    {
        var logger = new ListLogger();
        using var runtime = new OnnxRuntime(new OnnxRuntimeOptions { ExecutionProviders = [ExecutionProvider.Cpu, ExecutionProvider.Cuda] }, logger);

        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.DoesNotContain(logger.Events, e => e.Id.Id == 3001);
    }

    [Theory]
    [InlineData(GraphOptimizationLevel.Disabled, 1, 1)]
    [InlineData(GraphOptimizationLevel.Basic, 2, 0)]
    [InlineData(GraphOptimizationLevel.All, 0, 2)]
    public void OpenSession_OptimisationAndThreads_GivesTheReferenceOutput(GraphOptimizationLevel level, int intraOpThreads, int interOpThreads)
    {
        var logger = new ListLogger();
        using var runtime = new OnnxRuntime(new OnnxRuntimeOptions
        {
            ExecutionProviders = [ExecutionProvider.Cpu],
            OptimizationLevel = level,
            IntraOpThreads = intraOpThreads,
            InterOpThreads = interOpThreads,
        }, logger);
        using var session = runtime.OpenSession(TestModels.Path("conv3d.onnx"));
        var logits = new float[2 * 3 * 5 * 6 * 7];

        session.Run(new TensorInput("input", TestModels.ReadFloats("conv3d.input.bin"), [2, 1, 5, 6, 7]), new TensorOutput("logits", logits, [2, 3, 5, 6, 7]));

        TestModels.AssertClose(TestModels.ReadFloats("conv3d.logits.bin"), logits, 1e-5);
        Assert.Contains(logger.Events, e => e.Id.Id == 3002 && e.Message.Contains($"optimisation {level}", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_NegativeThreadCount_ThrowsArgumentException()
    {
        var options = new OnnxRuntimeOptions { IntraOpThreads = -1 };

        Assert.Throws<ArgumentException>(() => new OnnxRuntime(options));
    }
}
