namespace Lantern.Imaging.Filters;

/// <summary>
/// The extreme eigenvalues of a real symmetric 3×3 matrix in closed form (the trigonometric solution of its
/// characteristic cubic): no iteration, no allocation, for the millions of Hessians a blob filter meets.
/// </summary>
internal static class SymmetricEigenvalues
{
    /// <summary>The smallest and the largest eigenvalue of [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]].</summary>
    public static (double Smallest, double Largest) Extremes(double xx, double yy, double zz, double xy, double xz, double yz)
    {
        var offDiagonal = (xy * xy) + (xz * xz) + (yz * yz);
        var mean = (xx + yy + zz) / 3;
        var (a, b, c) = (xx - mean, yy - mean, zz - mean);
        var p2 = (a * a) + (b * b) + (c * c) + (2 * offDiagonal);
        if (p2 <= 1e-30 * (1 + (mean * mean)))
        {
            return (mean, mean);
        }

        var p = Math.Sqrt(p2 / 6);
        // det(B) / 2 with B = (A - mean·I) / p; its cosine form is cos(3φ).
        var determinant = (a * ((b * c) - (yz * yz))) - (xy * ((xy * c) - (yz * xz))) + (xz * ((xy * yz) - (b * xz)));
        var r = Math.Clamp(determinant / (2 * p * p * p), -1, 1);
        var phi = Math.Acos(r) / 3;
        var largest = mean + (2 * p * Math.Cos(phi));
        var smallest = mean + (2 * p * Math.Cos(phi + (2 * Math.PI / 3)));
        return (smallest, largest);
    }
}
