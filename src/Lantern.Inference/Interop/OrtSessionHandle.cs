using System.Runtime.InteropServices;

namespace Lantern.Inference.Interop;

/// <summary>
/// A loaded model. It keeps the environment and memory description it was made with alive until it is released
/// itself, so disposing the runtime before its sessions (or finalizing both at once) cannot free them under it.
/// </summary>
internal sealed class OrtSessionHandle(OrtApi api) : OrtHandle(api)
{
    private readonly List<SafeHandle> _dependencies = [];

    /// <summary>Holds a reference on <paramref name="dependency"/> until this session is released.</summary>
    public void KeepAlive(SafeHandle dependency)
    {
        var added = false;
        dependency.DangerousAddRef(ref added);
        _dependencies.Add(dependency);
    }

    protected override bool ReleaseHandle()
    {
        Api.ReleaseSession(handle);
        foreach (var dependency in _dependencies)
        {
            dependency.DangerousRelease();
        }

        return true;
    }
}
