namespace Lantern.Imaging.Phantoms;

/// <summary>
/// xoshiro256** seeded through SplitMix64: our own generator, so that a seed gives the same phantom on
/// every .NET version (System.Random's algorithms are not a contract). Each purpose (anatomy,
/// geometry, nodules, the noise of each slice) draws from its own stream, so that overriding one
/// option does not shift the numbers drawn for the others.
/// </summary>
internal sealed class PhantomRandom
{
    // Scale of a sum of four 16-bit uniforms: each has variance (2^32 - 1) / 12.
    private const double FourUniformsMean = 4 * 65535 / 2.0;
    private static readonly double FourUniformsDeviation = Math.Sqrt(4 * ((65536.0 * 65536.0) - 1) / 12);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public PhantomRandom(ulong seed, ulong stream)
    {
        var state = seed ^ (stream * 0xD1B5_4A32_D192_ED03UL);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>A well-mixed 64-bit value derived from <paramref name="seed"/> and <paramref name="stream"/> (for UIDs).</summary>
    public static ulong Hash(ulong seed, ulong stream)
    {
        var state = seed ^ (stream * 0xD1B5_4A32_D192_ED03UL);
        return SplitMix64(ref state);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform integer in [low, high).</summary>
    public int Integer(int low, int high) => low + (int)((NextUInt64() >> 11) % (ulong)(high - low));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Integer(0, items.Count)];

    /// <summary>A random unit vector (rejection from the cube).</summary>
    public Vec3 Direction()
    {
        while (true)
        {
            var v = new Vec3(Uniform(-1, 1), Uniform(-1, 1), Uniform(-1, 1));
            var squared = v.Dot(v);
            if (squared is > 1e-4 and <= 1)
            {
                return v * (1 / Math.Sqrt(squared));
            }
        }
    }

    /// <summary>Fills <paramref name="values"/> with near-Gaussian noise of unit deviation: four 16-bit uniforms from each draw.</summary>
    public void FillNoise(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var r = NextUInt64();
            var sum = (double)((r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48));
            values[i] = (float)((sum - FourUniformsMean) / FourUniformsDeviation);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E37_79B9_7F4A_7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
