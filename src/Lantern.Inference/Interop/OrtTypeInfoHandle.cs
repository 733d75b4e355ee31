namespace Lantern.Inference.Interop;

/// <summary>The type of a model input or output.</summary>
internal sealed class OrtTypeInfoHandle(OrtApi api) : OrtHandle(api)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseTypeInfo(handle);
        return true;
    }
}
