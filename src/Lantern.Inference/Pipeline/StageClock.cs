namespace Lantern.Inference.Pipeline;

/// <summary>Times consecutive stages on a <see cref="TimeProvider"/>: each <see cref="Lap"/> is the time since the last one.</summary>
internal sealed class StageClock(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _lap = time.GetTimestamp();

    /// <summary>Since the clock was made.</summary>
    public TimeSpan Total => time.GetElapsedTime(_started);

    public TimeSpan Lap()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_lap, now);
        _lap = now;
        return elapsed;
    }
}
