using Lantern.Imaging.Filters;

namespace Lantern.Imaging.Tests.Filters;

public sealed class GaussianDerivativeKernelTests
{
    [Fact]
    public void Equals_SciPys_kernels()
    {
        // scipy.ndimage gaussian_filter1d(sigma=1.2), orders 1 and 2: the weights it correlates with (radius 5).
        double[] first = [-0.000196074, -0.003570099, -0.030431153, -0.115135866, -0.163143855, 0, 0.163143855, 0.115135866, 0.030431153, 0.003570099, 0.000196074];
        double[] second = [0.000641598, 0.009024417, 0.053254519, 0.102342992, -0.049849511, -0.230869954, -0.049849511, 0.102342992, 0.053254519, 0.009024417, 0.000641598];

        Assert.Equal(first, GaussianDerivativeKernel.Weights(1.2, 1).Select(w => (double)w), new Tolerance(1e-8));
        Assert.Equal(second, GaussianDerivativeKernel.Weights(1.2, 2).Select(w => (double)w), new Tolerance(1e-8));
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(2.4)]
    public void Differentiates_polynomials(double sigma)
    {
        var smooth = GaussianDerivativeKernel.Weights(sigma, 0);
        var first = GaussianDerivativeKernel.Weights(sigma, 1);
        var second = GaussianDerivativeKernel.Weights(sigma, 2);
        var r = smooth.Length / 2;
        // Cut at 4σ, the kernels lose up to a few parts in 10³ of their moments.
        double Apply(float[] w, Func<double, double> f) => w.Select((v, k) => v * f(k - r)).Sum();

        Assert.Equal(1, Apply(smooth, _ => 1), 1e-6);
        Assert.Equal(1, Apply(first, x => x), 1e-3);
        Assert.Equal(2, Apply(second, x => x * x), 5e-3);
    }

    private sealed class Tolerance(double limit) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= limit;

        public int GetHashCode(double obj) => 0;
    }
}
