using System.Runtime.InteropServices;

namespace Lantern.Inference.Interop;

/// <summary>
/// An object ONNX Runtime allocated and we must release exactly once: released on dispose, or by the finalizer
/// when a caller forgot. Native calls take the pointer through <see cref="Lease"/>, which keeps a concurrent
/// dispose from releasing the object while ORT still uses it.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(OrtApi api) : base(0, ownsHandle: true)
    {
        Api = api;
    }

    public override bool IsInvalid => handle == 0;

    protected OrtApi Api { get; }

    /// <summary>Takes ownership of a pointer ORT has just returned.</summary>
    public void Own(nint pointer) => SetHandle(pointer);

    /// <exception cref="ObjectDisposedException">The handle is already released.</exception>
    public OrtHandleLease Lease() => new(this);
}
