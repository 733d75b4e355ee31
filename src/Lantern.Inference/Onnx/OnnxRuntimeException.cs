namespace Lantern.Inference.Onnx;

/// <summary>ONNX Runtime refused a call: <see cref="Exception.Message"/> is its own message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException() : base("ONNX Runtime failed.") { }

    public OnnxRuntimeException(string message) : base(message) { }

    public OnnxRuntimeException(string message, Exception innerException) : base(message, innerException) { }

    public OnnxRuntimeException(OnnxRuntimeErrorCode errorCode, string message) : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>ORT's error code; <see cref="OnnxRuntimeErrorCode.Fail"/> unless ORT said otherwise.</summary>
    public OnnxRuntimeErrorCode ErrorCode { get; } = OnnxRuntimeErrorCode.Fail;
}
