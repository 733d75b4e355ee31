namespace Lantern.Imaging.Phantoms;

/// <summary>The random streams of one seed: one per purpose, so that an override leaves the other draws unchanged.</summary>
internal static class PhantomStreams
{
    public const ulong Anatomy = 1;
    public const ulong Geometry = 2;
    public const ulong Acquisition = 3;
    public const ulong Nodules = 4;
    public const ulong Uids = 5;

    /// <summary>The noise of slice k draws from stream <c>Noise + k</c>.</summary>
    public const ulong Noise = 1UL << 32;
}
