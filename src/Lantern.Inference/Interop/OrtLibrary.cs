using System.Reflection;
using System.Runtime.InteropServices;
using Lantern.Inference.Onnx;

namespace Lantern.Inference.Interop;

/// <summary>
/// Finds and loads ONNX Runtime's native library and reads its API table. A native library is loaded once per
/// process, whoever asks first, so the loaded table is kept for the process: the one piece of static state here.
/// </summary>
internal static unsafe class OrtLibrary
{
    public const string DirectoryVariable = "LANTERN_ONNXRUNTIME_DIR";

    private static readonly Lock s_gate = new();
    private static LoadedLibrary? s_loaded;

    /// <summary>The library's file name as the build copies it next to the application.</summary>
    public static string FileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.1.dylib"
        : "libonnxruntime.so.1";

    /// <summary>The version the build fetches (LanternOnnxRuntimeVersion in build/OnnxRuntime.targets).</summary>
    public static string ExpectedVersion { get; } =
        typeof(OrtLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(attribute => attribute.Key == "OnnxRuntimeVersion").Value!;

    /// <summary>
    /// Loads the library from <paramref name="directory"/> when given, else from the folder named by
    /// LANTERN_ONNXRUNTIME_DIR, else from the application's folder: the first that holds it.
    /// </summary>
    /// <exception cref="OnnxRuntimeNotFoundException">No usable library in any of those places.</exception>
    public static LoadedLibrary Load(string? directory)
    {
        lock (s_gate)
        {
            return s_loaded ??= LoadFirst(Candidates(directory));
        }
    }

    /// <summary>Full paths the library is looked for at, in order.</summary>
    internal static List<string> Candidates(string? directory)
    {
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            folders.Add(directory);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            folders.Add(fromEnvironment);
        }

        folders.Add(AppContext.BaseDirectory);
        return folders.Select(folder => Path.GetFullPath(Path.Combine(folder, FileName))).Distinct().ToList();
    }

    /// <summary>Loads the first of <paramref name="candidates"/> that exists, without keeping it for the process.</summary>
    internal static LoadedLibrary LoadFirst(IReadOnlyList<string> candidates)
    {
        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new OnnxRuntimeNotFoundException(
                $"ONNX Runtime {ExpectedVersion} ({FileName}) was not found; looked for {string.Join(", ", candidates)}. {HowToGet()}",
                candidates);

        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeNotFoundException($"{path} exists but does not load: {e.Message} {HowToGet()}", candidates, e);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OnnxRuntimeNotFoundException($"{path} is not ONNX Runtime: it exports no OrtGetApiBase. {HowToGet()}", candidates);
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)apiBase[1])()) ?? "unknown";
        var table = ((delegate* unmanaged<uint, nint*>)apiBase[0])(OrtApi.Version);
        if (table is null)
        {
            throw new OnnxRuntimeNotFoundException(
                $"{path} is ONNX Runtime {version}, which lacks the C API version {OrtApi.Version} (ONNX Runtime 1.{OrtApi.Version}) Lantern is built on. {HowToGet()}",
                candidates);
        }

        return new LoadedLibrary(path, new OrtApi(library, table, version));
    }

    private static string HowToGet() =>
        $"`dotnet build` fetches it (it runs `npm pack onnxruntime-node@{ExpectedVersion}`, so npm must be installed) " +
        $"and copies it next to the application; or set {DirectoryVariable} to a folder that holds {FileName}.";
}
