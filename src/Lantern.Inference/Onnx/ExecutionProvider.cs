namespace Lantern.Inference.Onnx;

/// <summary>Where ONNX Runtime runs a model's operators.</summary>
public enum ExecutionProvider
{
    /// <summary>ORT's own CPU kernels: always there, and the fallback for every other provider.</summary>
    Cpu,

    /// <summary>NVIDIA GPUs; needs ORT's CUDA provider libraries, CUDA and cuDNN beside the runtime.</summary>
    Cuda,

    /// <summary>Any DirectX 12 GPU on Windows.</summary>
    DirectML,
}
