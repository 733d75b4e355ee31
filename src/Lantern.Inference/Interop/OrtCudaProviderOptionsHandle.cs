namespace Lantern.Inference.Interop;

/// <summary>Options of the CUDA execution provider.</summary>
internal sealed class OrtCudaProviderOptionsHandle(OrtApi api) : OrtHandle(api)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseCudaProviderOptions(handle);
        return true;
    }
}
