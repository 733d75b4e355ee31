namespace Lantern.Imaging.Phantoms;

/// <summary>
/// A lobulated blob: the radius in direction u is R (1 + P(u)), P a random mix of even spherical
/// polynomials (degree 2 stretches, degree 4 lobulates). Even terms keep the shape symmetric through
/// its centre, so the centre is exactly the centroid; R is scaled so that the volume equals that of
/// a sphere of the nominal diameter.
/// </summary>
internal sealed class NoduleShape
{
    private const int Terms = 9;
    private static readonly Vec3[] s_sphere = FibonacciSphere(600);

    private readonly Vec3 _axis1;
    private readonly Vec3 _axis2;
    private readonly Vec3 _axis3;
    private readonly double[] _coefficients;

    public NoduleShape(Vec3 center, double diameter, double elongation, double lobulation, PhantomRandom random)
    {
        Center = center;
        _axis1 = random.Direction();
        _axis2 = _axis1.Cross(random.Direction()).Normalized();
        _axis3 = _axis1.Cross(_axis2);
        _coefficients = new double[Terms];
        for (var i = 0; i < 5; i++)
        {
            _coefficients[i] = random.Uniform(-1, 1) * elongation * (i == 1 ? 0.5 : 1);
        }

        for (var i = 5; i < Terms; i++)
        {
            _coefficients[i] = random.Uniform(-1, 1) * lobulation;
        }

        var meanCube = s_sphere.Average(u => Factor(u) * Factor(u) * Factor(u));
        Radius = diameter / 2 / Math.Cbrt(meanCube);
        Reach = Radius * (1 + (2 * _coefficients.Sum(Math.Abs)));
    }

    public Vec3 Center { get; }

    /// <summary>The base radius R (before the shape factor).</summary>
    public double Radius { get; }

    /// <summary>No point of the shape is farther than this from the centre.</summary>
    public double Reach { get; }

    /// <summary>Radial signed distance (negative inside).</summary>
    public double SignedDistance(double x, double y, double z)
    {
        var v = new Vec3(x - Center.X, y - Center.Y, z - Center.Z);
        var length = v.Length;
        return length < 1e-9 ? -Radius : length - (Radius * Factor(v * (1 / length)));
    }

    /// <summary>The surface point in direction <paramref name="u"/> (a unit vector).</summary>
    public Vec3 Surface(Vec3 u) => Center + (u * (Radius * Factor(u)));

    private double Factor(Vec3 u)
    {
        var a = u.Dot(_axis1);
        var b = u.Dot(_axis2);
        var c = u.Dot(_axis3);
        double a2 = a * a, b2 = b * b, c2 = c * c;
        var p = (_coefficients[0] * (a2 - b2))
            + (_coefficients[1] * ((3 * c2) - 1))
            + (_coefficients[2] * a * b)
            + (_coefficients[3] * a * c)
            + (_coefficients[4] * b * c)
            + (_coefficients[5] * ((a2 * a2) + (b2 * b2) + (c2 * c2) - 0.6))
            + (_coefficients[6] * ((a2 * b2) - (1.0 / 15)))
            + (_coefficients[7] * ((b2 * c2) - (1.0 / 15)))
            + (_coefficients[8] * ((a2 * c2) - (1.0 / 15)));
        return Math.Max(0.55, 1 + p);
    }

    private static Vec3[] FibonacciSphere(int count)
    {
        var points = new Vec3[count];
        var golden = Math.PI * (3 - Math.Sqrt(5));
        for (var i = 0; i < count; i++)
        {
            var z = 1 - ((2 * i) + 1) / (double)count;
            var r = Math.Sqrt(1 - (z * z));
            points[i] = new Vec3(r * Math.Cos(golden * i), r * Math.Sin(golden * i), z);
        }

        return points;
    }
}
