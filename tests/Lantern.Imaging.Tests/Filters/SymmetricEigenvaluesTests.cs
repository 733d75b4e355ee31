using Lantern.Imaging.Filters;

namespace Lantern.Imaging.Tests.Filters;

public sealed class SymmetricEigenvaluesTests
{
    [Theory]
    [InlineData(-3, -1, 2)]
    [InlineData(-5, -5, -0.5)]
    [InlineData(1, 1, 1)]
    [InlineData(-2, 0, 0)]
    public void Gives_the_extremes_of_a_rotated_diagonal_matrix(double a, double b, double c)
    {
        // R·diag(a, b, c)·Rᵀ for a rotation about an oblique axis. Repeated eigenvalues cost the closed form
        // about √ε of accuracy (acos is steep at ±1), far below what a dot measure in HU notices.
        var r = Rotation(new[] { 1.0, 2.0, 3.0 }, 0.7);
        var m = new double[3, 3];
        double[] d = [a, b, c];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    m[i, j] += r[i, k] * d[k] * r[j, k];
                }
            }
        }

        var (smallest, largest) = SymmetricEigenvalues.Extremes(m[0, 0], m[1, 1], m[2, 2], m[0, 1], m[0, 2], m[1, 2]);

        Assert.Equal(d.Min(), smallest, 1e-6);
        Assert.Equal(d.Max(), largest, 1e-6);
    }

    private static double[,] Rotation(double[] axis, double angle)
    {
        var n = Math.Sqrt(axis.Sum(v => v * v));
        var (x, y, z) = (axis[0] / n, axis[1] / n, axis[2] / n);
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        var t = 1 - c;
        return new double[,]
        {
            { (t * x * x) + c, (t * x * y) - (s * z), (t * x * z) + (s * y) },
            { (t * x * y) + (s * z), (t * y * y) + c, (t * y * z) - (s * x) },
            { (t * x * z) - (s * y), (t * y * z) + (s * x), (t * z * z) + c },
        };
    }
}
