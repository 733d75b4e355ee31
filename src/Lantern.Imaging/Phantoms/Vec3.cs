namespace Lantern.Imaging.Phantoms;

/// <summary>A point or direction in millimetres (double precision, so that geometry is exact enough for ground truth).</summary>
internal readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 Zero => default;

    public double Length => Math.Sqrt(Dot(this));

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static Vec3 operator *(double s, Vec3 a) => a * s;

    public double Dot(Vec3 other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);

    public Vec3 Cross(Vec3 o) => new((Y * o.Z) - (Z * o.Y), (Z * o.X) - (X * o.Z), (X * o.Y) - (Y * o.X));

    public Vec3 Normalized()
    {
        var length = Length;
        return length > 0 ? this * (1 / length) : new Vec3(0, 0, 1);
    }

    public static Vec3 Lerp(Vec3 a, Vec3 b, double t) => a + ((b - a) * t);
}
