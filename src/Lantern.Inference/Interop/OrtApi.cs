using System.Runtime.InteropServices;
using System.Text;
using Lantern.Inference.Onnx;

namespace Lantern.Inference.Interop;

/// <summary>
/// ONNX Runtime's C API: the <c>OrtApi</c> table of function pointers that <c>OrtGetApiBase()->GetApi()</c>
/// returns. The table only ever grows at its end, so each entry's position (the constants below, counted from
/// <c>struct OrtApi</c> in onnxruntime_c_api.h) is the same in every later release. Every call that returns an
/// <c>OrtStatus*</c> goes through <see cref="Check"/>, which turns a failure into an
/// <see cref="OnnxRuntimeException"/> and releases the status.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary><c>ORT_API_VERSION</c> of the 1.30 header: the oldest library that serves this table is 1.30.</summary>
    public const uint Version = 30;

    private const int GetErrorCodeIndex = 1;
    private const int GetErrorMessageIndex = 2;
    private const int CreateEnvIndex = 3;
    private const int CreateSessionIndex = 7;
    private const int CreateSessionFromArrayIndex = 8;
    private const int RunIndex = 9;
    private const int CreateSessionOptionsIndex = 10;
    private const int SetSessionExecutionModeIndex = 13;
    private const int DisableMemPatternIndex = 17;
    private const int SetSessionGraphOptimizationLevelIndex = 23;
    private const int SetIntraOpNumThreadsIndex = 24;
    private const int SetInterOpNumThreadsIndex = 25;
    private const int SessionGetInputCountIndex = 30;
    private const int SessionGetOutputCountIndex = 31;
    private const int SessionGetInputTypeInfoIndex = 33;
    private const int SessionGetOutputTypeInfoIndex = 34;
    private const int SessionGetInputNameIndex = 36;
    private const int SessionGetOutputNameIndex = 37;
    private const int CreateTensorWithDataAsOrtValueIndex = 49;
    private const int CastTypeInfoToTensorInfoIndex = 55;
    private const int GetTensorElementTypeIndex = 60;
    private const int GetDimensionsCountIndex = 61;
    private const int GetDimensionsIndex = 62;
    private const int CreateCpuMemoryInfoIndex = 69;
    private const int AllocatorFreeIndex = 76;
    private const int GetAllocatorWithDefaultOptionsIndex = 78;
    private const int ReleaseEnvIndex = 92;
    private const int ReleaseStatusIndex = 93;
    private const int ReleaseMemoryInfoIndex = 94;
    private const int ReleaseSessionIndex = 95;
    private const int ReleaseValueIndex = 96;
    private const int ReleaseTypeInfoIndex = 98;
    private const int ReleaseSessionOptionsIndex = 100;
    private const int SessionOptionsAppendExecutionProviderCudaV2Index = 204;
    private const int CreateCudaProviderOptionsIndex = 205;
    private const int UpdateCudaProviderOptionsIndex = 206;
    private const int ReleaseCudaProviderOptionsIndex = 208;

    private const int TensorElementTypeFloat = 1;
    private const int ExecutionModeSequential = 0;
    private const int ArenaAllocator = 1;
    private const int MemTypeDefault = 0;

    private readonly nint* _table;
    private readonly nint _library;

    public OrtApi(nint library, nint* table, string libraryVersion)
    {
        _library = library;
        _table = table;
        LibraryVersion = libraryVersion;
        var allocator = (nint)0;
        Check(((delegate* unmanaged<nint*, nint>)_table[GetAllocatorWithDefaultOptionsIndex])(&allocator));
        DefaultAllocator = allocator;
    }

    /// <summary>The version the library reports, e.g. "1.30.0".</summary>
    public string LibraryVersion { get; }

    /// <summary>ORT's own CPU allocator, which strings it hands out (input and output names) must go back to.</summary>
    private nint DefaultAllocator { get; }

    public OrtEnvHandle CreateEnv(string logId)
    {
        const int LoggingLevelWarning = 2;
        var env = new OrtEnvHandle(this);
        var logIdUtf8 = Utf8(logId);
        nint pointer;
        fixed (byte* id = logIdUtf8)
        {
            Check(((delegate* unmanaged<int, byte*, nint*, nint>)_table[CreateEnvIndex])(LoggingLevelWarning, id, &pointer));
        }

        env.Own(pointer);
        return env;
    }

    public OrtSessionOptionsHandle CreateSessionOptions()
    {
        var options = new OrtSessionOptionsHandle(this);
        nint pointer;
        Check(((delegate* unmanaged<nint*, nint>)_table[CreateSessionOptionsIndex])(&pointer));
        options.Own(pointer);
        return options;
    }

    public void SetGraphOptimizationLevel(OrtSessionOptionsHandle options, GraphOptimizationLevel level)
    {
        using var lease = options.Lease();
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetSessionGraphOptimizationLevelIndex])(lease.Pointer, (int)level));
    }

    public void SetIntraOpThreads(OrtSessionOptionsHandle options, int threads)
    {
        using var lease = options.Lease();
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetIntraOpNumThreadsIndex])(lease.Pointer, threads));
    }

    public void SetInterOpThreads(OrtSessionOptionsHandle options, int threads)
    {
        using var lease = options.Lease();
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetInterOpNumThreadsIndex])(lease.Pointer, threads));
    }

    /// <summary>Sequential execution without memory patterns: what the DirectML provider requires.</summary>
    public void PrepareForDirectML(OrtSessionOptionsHandle options)
    {
        using var lease = options.Lease();
        Check(((delegate* unmanaged<nint, nint>)_table[DisableMemPatternIndex])(lease.Pointer));
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetSessionExecutionModeIndex])(lease.Pointer, ExecutionModeSequential));
    }

    public void AppendCuda(OrtSessionOptionsHandle options, int deviceId)
    {
        using var cudaOptions = new OrtCudaProviderOptionsHandle(this);
        nint pointer;
        Check(((delegate* unmanaged<nint*, nint>)_table[CreateCudaProviderOptionsIndex])(&pointer));
        cudaOptions.Own(pointer);

        var key = Utf8("device_id");
        var value = Utf8(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fixed (byte* keyPointer = key)
        fixed (byte* valuePointer = value)
        {
            var keys = keyPointer;
            var values = valuePointer;
            Check(((delegate* unmanaged<nint, byte**, byte**, nuint, nint>)_table[UpdateCudaProviderOptionsIndex])(pointer, &keys, &values, 1));
        }

        using var lease = options.Lease();
        Check(((delegate* unmanaged<nint, nint, nint>)_table[SessionOptionsAppendExecutionProviderCudaV2Index])(lease.Pointer, pointer));
    }

    /// <summary>
    /// DirectML is appended through a function the Windows library exports beside the table
    /// (<c>OrtSessionOptionsAppendExecutionProvider_DML</c>); a library built without DirectML lacks it.
    /// </summary>
    public void AppendDirectML(OrtSessionOptionsHandle options, int deviceId)
    {
        if (!NativeLibrary.TryGetExport(_library, "OrtSessionOptionsAppendExecutionProvider_DML", out var append))
        {
            throw new OnnxRuntimeException(OnnxRuntimeErrorCode.NotImplemented, "this ONNX Runtime library was built without DirectML");
        }

        using var lease = options.Lease();
        Check(((delegate* unmanaged<nint, int, nint>)append)(lease.Pointer, deviceId));
    }

    public OrtSessionHandle CreateSession(OrtEnvHandle env, string modelPath, OrtSessionOptionsHandle options)
    {
        var session = new OrtSessionHandle(this);
        using var envLease = env.Lease();
        using var optionsLease = options.Lease();
        nint pointer;
        var create = (delegate* unmanaged<nint, void*, nint, nint*, nint>)_table[CreateSessionIndex];
        // ORTCHAR_T is wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere.
        if (OperatingSystem.IsWindows())
        {
            fixed (char* path = modelPath)
            {
                Check(create(envLease.Pointer, path, optionsLease.Pointer, &pointer));
            }
        }
        else
        {
            fixed (byte* path = Utf8(modelPath))
            {
                Check(create(envLease.Pointer, path, optionsLease.Pointer, &pointer));
            }
        }

        session.Own(pointer);
        session.KeepAlive(env);
        return session;
    }

    public OrtSessionHandle CreateSession(OrtEnvHandle env, ReadOnlySpan<byte> model, OrtSessionOptionsHandle options)
    {
        var session = new OrtSessionHandle(this);
        using var envLease = env.Lease();
        using var optionsLease = options.Lease();
        nint pointer;
        fixed (byte* data = model)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)_table[CreateSessionFromArrayIndex])(
                envLease.Pointer, data, (nuint)model.Length, optionsLease.Pointer, &pointer));
        }

        session.Own(pointer);
        session.KeepAlive(env);
        return session;
    }

    public int GetInputCount(OrtSessionHandle session) => GetCount(session, SessionGetInputCountIndex);

    public int GetOutputCount(OrtSessionHandle session) => GetCount(session, SessionGetOutputCountIndex);

    public string GetInputName(OrtSessionHandle session, int index) => GetName(session, index, SessionGetInputNameIndex);

    public string GetOutputName(OrtSessionHandle session, int index) => GetName(session, index, SessionGetOutputNameIndex);

    /// <summary>The shape of a float tensor input (-1 for a symbolic dimension), or null if it is anything else.</summary>
    public long[]? GetInputFloatShape(OrtSessionHandle session, int index) => GetFloatShape(session, index, SessionGetInputTypeInfoIndex);

    /// <summary>The shape of a float tensor output (-1 for a symbolic dimension), or null if it is anything else.</summary>
    public long[]? GetOutputFloatShape(OrtSessionHandle session, int index) => GetFloatShape(session, index, SessionGetOutputTypeInfoIndex);

    public OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        var info = new OrtMemoryInfoHandle(this);
        nint pointer;
        Check(((delegate* unmanaged<int, int, nint*, nint>)_table[CreateCpuMemoryInfoIndex])(ArenaAllocator, MemTypeDefault, &pointer));
        info.Own(pointer);
        return info;
    }

    /// <summary>A float tensor over memory the caller keeps pinned for the value's lifetime; ORT copies nothing.</summary>
    public OrtValueHandle CreateFloatTensor(OrtMemoryInfoHandle memoryInfo, void* data, int length, ReadOnlySpan<long> shape)
    {
        var value = new OrtValueHandle(this);
        using var infoLease = memoryInfo.Lease();
        nint pointer;
        fixed (long* dims = shape)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[CreateTensorWithDataAsOrtValueIndex])(
                infoLease.Pointer, data, (nuint)length * sizeof(float), dims, (nuint)shape.Length, TensorElementTypeFloat, &pointer));
        }

        value.Own(pointer);
        return value;
    }

    /// <summary>Runs the model; <paramref name="outputs"/> holds values over caller memory that ORT fills in place.</summary>
    public void Run(OrtSessionHandle session, nint* inputNames, nint* inputs, int inputCount, nint* outputNames, nint* outputs, int outputCount)
    {
        using var lease = session.Lease();
        Check(((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_table[RunIndex])(
            lease.Pointer, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs));
    }

    public void ReleaseEnv(nint pointer) => Release(ReleaseEnvIndex, pointer);

    public void ReleaseSessionOptions(nint pointer) => Release(ReleaseSessionOptionsIndex, pointer);

    public void ReleaseSession(nint pointer) => Release(ReleaseSessionIndex, pointer);

    public void ReleaseValue(nint pointer) => Release(ReleaseValueIndex, pointer);

    public void ReleaseMemoryInfo(nint pointer) => Release(ReleaseMemoryInfoIndex, pointer);

    public void ReleaseTypeInfo(nint pointer) => Release(ReleaseTypeInfoIndex, pointer);

    public void ReleaseCudaProviderOptions(nint pointer) => Release(ReleaseCudaProviderOptionsIndex, pointer);

    /// <summary>Throws the error a non-null status carries, after releasing the status.</summary>
    public void Check(nint status)
    {
        if (status == 0)
        {
            return;
        }

        var code = (OnnxRuntimeErrorCode)((delegate* unmanaged<nint, int>)_table[GetErrorCodeIndex])(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)_table[GetErrorMessageIndex])(status)) ?? string.Empty;
        Release(ReleaseStatusIndex, status);
        throw new OnnxRuntimeException(code, message);
    }

    private void Release(int index, nint pointer) => ((delegate* unmanaged<nint, void>)_table[index])(pointer);

    private int GetCount(OrtSessionHandle session, int index)
    {
        using var lease = session.Lease();
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[index])(lease.Pointer, &count));
        return checked((int)count);
    }

    private string GetName(OrtSessionHandle session, int index, int functionIndex)
    {
        using var lease = session.Lease();
        byte* name;
        Check(((delegate* unmanaged<nint, nuint, nint, byte**, nint>)_table[functionIndex])(lease.Pointer, (nuint)index, DefaultAllocator, &name));
        try
        {
            return Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
        }
        finally
        {
            Check(((delegate* unmanaged<nint, void*, nint>)_table[AllocatorFreeIndex])(DefaultAllocator, name));
        }
    }

    private long[]? GetFloatShape(OrtSessionHandle session, int index, int functionIndex)
    {
        using var typeInfo = new OrtTypeInfoHandle(this);
        using (var lease = session.Lease())
        {
            nint pointer;
            Check(((delegate* unmanaged<nint, nuint, nint*, nint>)_table[functionIndex])(lease.Pointer, (nuint)index, &pointer));
            typeInfo.Own(pointer);
        }

        using var typeLease = typeInfo.Lease();
        // Owned by the type info: not released on its own.
        nint tensorInfo;
        Check(((delegate* unmanaged<nint, nint*, nint>)_table[CastTypeInfoToTensorInfoIndex])(typeLease.Pointer, &tensorInfo));
        if (tensorInfo == 0)
        {
            return null;
        }

        int elementType;
        Check(((delegate* unmanaged<nint, int*, nint>)_table[GetTensorElementTypeIndex])(tensorInfo, &elementType));
        if (elementType != TensorElementTypeFloat)
        {
            return null;
        }

        nuint rank;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[GetDimensionsCountIndex])(tensorInfo, &rank));
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            Check(((delegate* unmanaged<nint, long*, nuint, nint>)_table[GetDimensionsIndex])(tensorInfo, dims, rank));
        }

        return shape;
    }

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
