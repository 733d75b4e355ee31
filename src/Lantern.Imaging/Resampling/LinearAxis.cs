namespace Lantern.Imaging.Resampling;

/// <summary>
/// For each output index along one axis, the two source indices around it and the weight of the
/// second: output i lies at source index i·(target spacing / source spacing).
/// </summary>
internal sealed class LinearAxis
{
    public LinearAxis(int sourceSize, double sourceSpacing, int targetSize, double targetSpacing)
    {
        Lower = new int[targetSize];
        Upper = new int[targetSize];
        Weight = new float[targetSize];
        var step = targetSpacing / sourceSpacing;
        for (var i = 0; i < targetSize; i++)
        {
            var position = Math.Min(i * step, sourceSize - 1);
            var lower = Math.Min((int)position, Math.Max(sourceSize - 2, 0));
            Lower[i] = lower;
            Upper[i] = Math.Min(lower + 1, sourceSize - 1);
            Weight[i] = (float)(position - lower);
        }
    }

    public int[] Lower { get; }

    public int[] Upper { get; }

    public float[] Weight { get; }
}
