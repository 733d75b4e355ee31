namespace Lantern.Imaging.Phantoms;

/// <summary>Small shaping functions for anatomy that changes gradually along the body.</summary>
internal static class Smooth
{
    /// <summary>0 below <paramref name="edge0"/>, 1 above <paramref name="edge1"/>, a smooth S between (either order of edges).</summary>
    public static double Step(double edge0, double edge1, double x)
    {
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0, 1);
        return t * t * (3 - (2 * t));
    }

    public static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    public static double Square(double x) => x * x;
}
