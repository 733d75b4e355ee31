namespace Lantern.Inference.Interop;

/// <summary>Where a tensor's memory lives (here: CPU).</summary>
internal sealed class OrtMemoryInfoHandle(OrtApi api) : OrtHandle(api)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
