namespace Lantern.Inference.Interop;

/// <summary>The process-wide ONNX Runtime environment (ORT counts references to its one instance).</summary>
internal sealed class OrtEnvHandle(OrtApi api) : OrtHandle(api)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseEnv(handle);
        return true;
    }
}
