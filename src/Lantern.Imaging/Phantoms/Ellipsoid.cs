namespace Lantern.Imaging.Phantoms;

/// <summary>An oriented ellipsoid with an approximate signed distance (negative inside), exact enough near its surface.</summary>
internal readonly struct Ellipsoid
{
    private readonly Vec3 _axis1;
    private readonly Vec3 _axis2;
    private readonly Vec3 _axis3;

    public Ellipsoid(Vec3 center, Vec3 direction, double semi1, double semi2, double semi3)
    {
        Center = center;
        _axis1 = direction.Normalized();
        var helper = Math.Abs(_axis1.Z) < 0.9 ? new Vec3(0, 0, 1) : new Vec3(1, 0, 0);
        _axis2 = _axis1.Cross(helper).Normalized();
        _axis3 = _axis1.Cross(_axis2);
        Semi1 = semi1;
        Semi2 = semi2;
        Semi3 = semi3;
        Extent = new Vec3(Reach(_axis1.X, _axis2.X, _axis3.X), Reach(_axis1.Y, _axis2.Y, _axis3.Y), Reach(_axis1.Z, _axis2.Z, _axis3.Z));
    }

    public Vec3 Center { get; }

    public double Semi1 { get; }

    public double Semi2 { get; }

    public double Semi3 { get; }

    /// <summary>Half the size of the axis-aligned bounding box.</summary>
    public Vec3 Extent { get; }

    /// <summary>The same ellipsoid grown (or shrunk) by <paramref name="margin"/> millimetres along each semi-axis.</summary>
    public Ellipsoid Grown(double margin) => new(Center, _axis1, Semi1 + margin, Semi2 + margin, Semi3 + margin);

    public Ellipsoid Scaled(double factor) => new(Center, _axis1, Semi1 * factor, Semi2 * factor, Semi3 * factor);

    /// <summary>The point at local coordinates (fractions of the semi-axes).</summary>
    public Vec3 At(double u1, double u2, double u3) => Center + (_axis1 * (u1 * Semi1)) + (_axis2 * (u2 * Semi2)) + (_axis3 * (u3 * Semi3));

    public double SignedDistance(double x, double y, double z)
    {
        var v = new Vec3(x - Center.X, y - Center.Y, z - Center.Z);
        var u1 = v.Dot(_axis1) / Semi1;
        var u2 = v.Dot(_axis2) / Semi2;
        var u3 = v.Dot(_axis3) / Semi3;
        var r = Math.Sqrt((u1 * u1) + (u2 * u2) + (u3 * u3));
        var gradient = Math.Sqrt(Sq(u1 / Semi1) + Sq(u2 / Semi2) + Sq(u3 / Semi3));
        return gradient < 1e-12 ? -Math.Min(Semi1, Math.Min(Semi2, Semi3)) : (r - 1) * r / gradient;
    }

    private double Reach(double a, double b, double c) => Math.Sqrt(Sq(a * Semi1) + Sq(b * Semi2) + Sq(c * Semi3));

    private static double Sq(double v) => v * v;
}
