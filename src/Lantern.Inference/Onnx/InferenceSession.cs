using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Lantern.Inference.Interop;

namespace Lantern.Inference.Onnx;

/// <summary>
/// A loaded model. <see cref="Run(ReadOnlySpan{TensorInput}, ReadOnlySpan{TensorOutput})"/> may be called from
/// several threads at once (ORT's sessions are thread-safe); tensors are made over the callers' memory, pinned
/// for the run, so nothing is copied on the way in or out.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly OrtApi _api;
    private readonly OrtSessionHandle _handle;
    private readonly OrtMemoryInfoHandle _cpuMemory;
    private readonly Dictionary<string, byte[]> _inputNames = [];
    private readonly Dictionary<string, byte[]> _outputNames = [];

    internal InferenceSession(OrtApi api, OrtSessionHandle handle, OrtMemoryInfoHandle cpuMemory, string name, ExecutionProvider provider)
    {
        _api = api;
        _handle = handle;
        _cpuMemory = cpuMemory;
        Name = name;
        Provider = provider;
        Inputs = Describe(api.GetInputCount(handle), api.GetInputName, api.GetInputFloatShape, "input", _inputNames);
        Outputs = Describe(api.GetOutputCount(handle), api.GetOutputName, api.GetOutputFloatShape, "output", _outputNames);
    }

    /// <summary>The model's name in logs and errors (its file name).</summary>
    public string Name { get; }

    /// <summary>The execution provider that runs the model (the CPU takes whatever it cannot).</summary>
    public ExecutionProvider Provider { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    internal bool IsClosed => _handle.IsClosed;

    /// <summary>Runs the model on one input into one output.</summary>
    public void Run(TensorInput input, TensorOutput output) => Run([input], [output]);

    /// <summary>
    /// Runs the model. Every input must be given; <paramref name="outputs"/> may name any of the outputs, each
    /// with the exact shape the model produces for these inputs.
    /// </summary>
    /// <exception cref="ArgumentException">A name the model lacks, or data whose length is not its shape's.</exception>
    /// <exception cref="OnnxRuntimeException">ORT refused the run, e.g. for a shape the model does not take.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public void Run(ReadOnlySpan<TensorInput> inputs, ReadOnlySpan<TensorOutput> outputs)
    {
        if (outputs.IsEmpty)
        {
            throw new ArgumentException($"Model {Name}: name at least one output to compute.", nameof(outputs));
        }

        var count = inputs.Length + outputs.Length;
        if (count > _inputNames.Count + _outputNames.Count)
        {
            throw new ArgumentException($"Model {Name} has {_inputNames.Count} input(s) and {_outputNames.Count} output(s); {inputs.Length} and {outputs.Length} were given.");
        }

        var names = stackalloc nint[count];
        var values = stackalloc nint[count];
        var pins = ArrayPool<MemoryHandle>.Shared.Rent(count);
        var tensors = ArrayPool<OrtValueHandle?>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var input = inputs[i];
                names[i] = NameOf(_inputNames, input.Name, "input");
                pins[i] = input.Data.Pin();
                tensors[i] = CreateTensor(input.Name, pins[i].Pointer, input.Data.Length, input.Shape);
                values[i] = tensors[i]!.DangerousGetHandle();
            }

            for (var i = 0; i < outputs.Length; i++)
            {
                var output = outputs[i];
                var slot = inputs.Length + i;
                names[slot] = NameOf(_outputNames, output.Name, "output");
                pins[slot] = output.Data.Pin();
                tensors[slot] = CreateTensor(output.Name, pins[slot].Pointer, output.Data.Length, output.Shape);
                values[slot] = tensors[slot]!.DangerousGetHandle();
            }

            _api.Run(_handle, names, values, inputs.Length, names + inputs.Length, values + inputs.Length, outputs.Length);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                tensors[i]?.Dispose();
                pins[i].Dispose();
            }

            ArrayPool<OrtValueHandle?>.Shared.Return(tensors, clearArray: true);
            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
        }
    }

    public void Dispose() => _handle.Dispose();

    private OrtValueHandle CreateTensor(string name, void* data, int length, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long elements = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Model {Name}: tensor {name} has a negative dimension in its shape [{string.Join(", ", shape)}].");
            }

            elements = checked(elements * dimension);
        }

        if (elements != length)
        {
            throw new ArgumentException($"Model {Name}: tensor {name} has {length} values, but its shape [{string.Join(", ", shape)}] holds {elements}.");
        }

        return _api.CreateFloatTensor(_cpuMemory, data, length, shape);
    }

    /// <summary>The name's NUL-terminated UTF-8 bytes, which sit on the pinned object heap: no pinning needed.</summary>
    private nint NameOf(Dictionary<string, byte[]> names, string name, string kind) =>
        names.TryGetValue(name, out var utf8)
            ? (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(utf8))
            : throw new ArgumentException($"Model {Name} has no {kind} named '{name}'; its {kind}s are {string.Join(", ", names.Keys)}.");

    private List<TensorInfo> Describe(
        int count,
        Func<OrtSessionHandle, int, string> getName,
        Func<OrtSessionHandle, int, long[]?> getShape,
        string kind,
        Dictionary<string, byte[]> names)
    {
        var infos = new List<TensorInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var name = getName(_handle, i);
            var shape = getShape(_handle, i)
                ?? throw new NotSupportedException($"Model {Name}: {kind} '{name}' is not a float tensor; Lantern runs models on float tensors only.");
            infos.Add(new TensorInfo(name, shape));
            names.Add(name, PinnedUtf8(name));
        }

        return infos;
    }

    private static byte[] PinnedUtf8(string text)
    {
        var bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(text) + 1, pinned: true);
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
