namespace Lantern.Inference.Interop;

/// <summary>A tensor; over caller memory, releasing it leaves that memory alone.</summary>
internal sealed class OrtValueHandle(OrtApi api) : OrtHandle(api)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseValue(handle);
        return true;
    }
}
