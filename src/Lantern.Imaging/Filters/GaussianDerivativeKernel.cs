namespace Lantern.Imaging.Filters;

/// <summary>
/// One-dimensional sampled Gaussian and its first two derivatives, cut at four sigmas as SciPy's
/// <c>gaussian_filter</c> cuts them (radius = ⌊4σ + 0.5⌋, the Gaussian normalised to sum 1 before it is
/// differentiated), so that the experiments in <c>models/training</c> and Lantern filter alike.
/// </summary>
internal static class GaussianDerivativeKernel
{
    /// <summary>
    /// Weights w[k], k = 0 … 2r, such that the filtered value at i is Σ w[k] · input[i + k − r]: the kernel of
    /// the given derivative order, mirrored, because a derivative kernel is applied by convolution.
    /// </summary>
    /// <param name="sigma">The Gaussian's deviation in voxels.</param>
    /// <param name="order">0 (smoothing), 1 or 2.</param>
    public static float[] Weights(double sigma, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, 2);
        var radius = Radius(sigma);
        var gaussian = new double[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            gaussian[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        }

        var sum = gaussian.Sum();
        var weights = new float[gaussian.Length];
        var s2 = sigma * sigma;
        for (var k = -radius; k <= radius; k++)
        {
            // Derivatives of the Gaussian at -k: convolution reads input[i - k] with the kernel at k.
            var x = -k;
            var factor = order switch
            {
                0 => 1.0,
                1 => -x / s2,
                _ => (x * x / (s2 * s2)) - (1 / s2),
            };
            weights[k + radius] = (float)(factor * gaussian[k + radius] / sum);
        }

        return weights;
    }

    /// <summary>The kernel's radius in voxels.</summary>
    public static int Radius(double sigma) => (int)((4.0 * sigma) + 0.5);
}
