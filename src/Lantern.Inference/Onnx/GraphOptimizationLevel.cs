namespace Lantern.Inference.Onnx;

/// <summary>How much ORT rewrites a graph when it loads it (ORT's <c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
