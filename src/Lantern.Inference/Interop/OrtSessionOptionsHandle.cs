namespace Lantern.Inference.Interop;

/// <summary>Options a session is created with; ORT copies them, so they may go right after.</summary>
internal sealed class OrtSessionOptionsHandle(OrtApi api) : OrtHandle(api)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSessionOptions(handle);
        return true;
    }
}
