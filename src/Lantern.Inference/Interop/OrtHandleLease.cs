using System.Runtime.InteropServices;

namespace Lantern.Inference.Interop;

/// <summary>A reference on a <see cref="SafeHandle"/> held for the length of a native call.</summary>
internal ref struct OrtHandleLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public OrtHandleLease(SafeHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _added);
        Pointer = handle.DangerousGetHandle();
    }

    public nint Pointer { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}
