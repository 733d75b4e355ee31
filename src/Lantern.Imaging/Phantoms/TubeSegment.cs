namespace Lantern.Imaging.Phantoms;

/// <summary>
/// A round cone between two points (a capsule when both radii are equal). <see cref="Scale"/>
/// stretches the cross-section: the offset from the axis is multiplied by it before its length is
/// taken, so a z scale below 1 makes a rib taller than it is thick.
/// </summary>
internal readonly struct TubeSegment
{
    public TubeSegment(Vec3 a, Vec3 b, double radiusA, double radiusB)
        : this(a, b, radiusA, radiusB, new Vec3(1, 1, 1))
    {
    }

    public TubeSegment(Vec3 a, Vec3 b, double radiusA, double radiusB, Vec3 scale)
    {
        A = a;
        B = b;
        RadiusA = radiusA;
        RadiusB = radiusB;
        Scale = scale;
        var d = b - a;
        var squared = d.Dot(d);
        InverseLengthSquared = squared > 1e-12 ? 1 / squared : 0;
    }

    public Vec3 A { get; }

    public Vec3 B { get; }

    public double RadiusA { get; }

    public double RadiusB { get; }

    public Vec3 Scale { get; }

    public double InverseLengthSquared { get; }

    public double MaxRadius => Math.Max(RadiusA, RadiusB);

    public double Length => (B - A).Length;

    /// <summary>Distance from <paramref name="p"/> to the axis (stretched by <see cref="Scale"/>) and the radius there.</summary>
    public (double Distance, double Radius) Measure(double x, double y, double z)
    {
        double dx = B.X - A.X, dy = B.Y - A.Y, dz = B.Z - A.Z;
        double vx = x - A.X, vy = y - A.Y, vz = z - A.Z;
        var t = Math.Clamp(((vx * dx) + (vy * dy) + (vz * dz)) * InverseLengthSquared, 0, 1);
        var wx = (vx - (t * dx)) * Scale.X;
        var wy = (vy - (t * dy)) * Scale.Y;
        var wz = (vz - (t * dz)) * Scale.Z;
        return (Math.Sqrt((wx * wx) + (wy * wy) + (wz * wz)), RadiusA + (t * (RadiusB - RadiusA)));
    }
}
