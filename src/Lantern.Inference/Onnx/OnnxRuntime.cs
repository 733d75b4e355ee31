using Lantern.Inference.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lantern.Inference.Onnx;

/// <summary>
/// ONNX Runtime, loaded and ready to open models: holds the ORT environment, and gives each session the
/// configured optimisation, threads and execution providers. Sessions keep what they need of it alive, so it
/// may be disposed before them.
/// </summary>
public sealed class OnnxRuntime : IDisposable
{
    private readonly OnnxRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly OrtApi _api;
    private readonly OrtEnvHandle _env;
    private readonly OrtMemoryInfoHandle _cpuMemory;

    /// <exception cref="OnnxRuntimeNotFoundException">The native library is missing, does not load, or is too old.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public OnnxRuntime(OnnxRuntimeOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;

        var library = OrtLibrary.Load(options.LibraryDirectory);
        _api = library.Api;
        LibraryPath = library.Path;
        _env = _api.CreateEnv("lantern");
        _cpuMemory = _api.CreateCpuMemoryInfo();
        InferenceLog.LibraryLoaded(_logger, Version, LibraryPath);
    }

    /// <summary>The loaded library's version, e.g. "1.30.0".</summary>
    public string Version => _api.LibraryVersion;

    /// <summary>The file the library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>Loads an ONNX model file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="OnnxRuntimeException">ORT cannot load the model.</exception>
    /// <exception cref="NotSupportedException">The model has an input or output that is not a float tensor.</exception>
    public InferenceSession OpenSession(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model {modelPath} does not exist.", modelPath);
        }

        var fullPath = Path.GetFullPath(modelPath);
        return Open(Path.GetFileName(fullPath), options => _api.CreateSession(_env, fullPath, options));
    }

    /// <summary>Loads an ONNX model from memory; <paramref name="name"/> names it in logs and errors.</summary>
    /// <exception cref="OnnxRuntimeException">ORT cannot load the model.</exception>
    /// <exception cref="NotSupportedException">The model has an input or output that is not a float tensor.</exception>
    public InferenceSession OpenSession(ReadOnlyMemory<byte> model, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Open(name, options => _api.CreateSession(_env, model.Span, options));
    }

    public void Dispose()
    {
        _cpuMemory.Dispose();
        _env.Dispose();
    }

    private InferenceSession Open(string name, Func<OrtSessionOptionsHandle, OrtSessionHandle> create)
    {
        using var sessionOptions = _api.CreateSessionOptions();
        _api.SetGraphOptimizationLevel(sessionOptions, _options.OptimizationLevel);
        _api.SetIntraOpThreads(sessionOptions, _options.IntraOpThreads);
        _api.SetInterOpThreads(sessionOptions, _options.InterOpThreads);
        var provider = AppendProviders(sessionOptions);

        var handle = create(sessionOptions);
        try
        {
            handle.KeepAlive(_cpuMemory);
            var session = new InferenceSession(_api, handle, _cpuMemory, name, provider);
            InferenceLog.SessionOpened(_logger, name, provider, _options.OptimizationLevel, _options.IntraOpThreads, _options.InterOpThreads);
            return session;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends the configured providers in order and returns the first that ORT accepted: the one that runs
    /// the model, with the later ones (and the CPU, always) taking the operators it lacks.
    /// </summary>
    private ExecutionProvider AppendProviders(OrtSessionOptionsHandle sessionOptions)
    {
        ExecutionProvider? chosen = null;
        var providers = (IEnumerable<ExecutionProvider>?)_options.ExecutionProviders ?? OnnxRuntimeOptions.DefaultExecutionProviders;
        foreach (var provider in providers)
        {
            if (provider == ExecutionProvider.Cpu)
            {
                break;
            }

            try
            {
                Append(sessionOptions, provider);
                chosen ??= provider;
            }
            catch (OnnxRuntimeException e)
            {
                InferenceLog.ProviderUnavailable(_logger, provider, e.Message);
            }
        }

        return chosen ?? ExecutionProvider.Cpu;
    }

    private void Append(OrtSessionOptionsHandle sessionOptions, ExecutionProvider provider)
    {
        switch (provider)
        {
            case ExecutionProvider.Cuda:
                _api.AppendCuda(sessionOptions, _options.DeviceId);
                break;
            case ExecutionProvider.DirectML when OperatingSystem.IsWindows():
                _api.PrepareForDirectML(sessionOptions);
                _api.AppendDirectML(sessionOptions, _options.DeviceId);
                break;
            case ExecutionProvider.DirectML:
                throw new OnnxRuntimeException(OnnxRuntimeErrorCode.NotImplemented, "DirectML runs on Windows only");
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown execution provider");
        }
    }
}
