namespace Lantern.Imaging.Volumes;

/// <summary>
/// A point or direction in double precision: patient coordinates in millimetres (LPS), or continuous
/// voxel indices. <see cref="System.Numerics.Vector3"/> is single precision, which loses a tenth of a
/// micrometre half a metre from the origin and makes position comparisons depend on rounding.
/// </summary>
public readonly record struct Vector3D(double X, double Y, double Z)
{
    public static Vector3D Zero => default;

    public static Vector3D UnitX => new(1, 0, 0);

    public static Vector3D UnitY => new(0, 1, 0);

    public static Vector3D UnitZ => new(0, 0, 1);

    public double Length => Math.Sqrt(Dot(this, this));

    public static Vector3D operator +(Vector3D left, Vector3D right) => new(left.X + right.X, left.Y + right.Y, left.Z + right.Z);

    public static Vector3D operator -(Vector3D left, Vector3D right) => new(left.X - right.X, left.Y - right.Y, left.Z - right.Z);

    public static Vector3D operator -(Vector3D value) => new(-value.X, -value.Y, -value.Z);

    public static Vector3D operator *(Vector3D value, double factor) => new(value.X * factor, value.Y * factor, value.Z * factor);

    public static Vector3D operator *(double factor, Vector3D value) => value * factor;

    public static Vector3D operator /(Vector3D value, double divisor) => new(value.X / divisor, value.Y / divisor, value.Z / divisor);

    public static double Dot(Vector3D left, Vector3D right) => (left.X * right.X) + (left.Y * right.Y) + (left.Z * right.Z);

    public static Vector3D Cross(Vector3D left, Vector3D right) =>
        new((left.Y * right.Z) - (left.Z * right.Y), (left.Z * right.X) - (left.X * right.Z), (left.X * right.Y) - (left.Y * right.X));

    /// <summary>This direction scaled to length 1; a zero vector has no direction.</summary>
    public Vector3D Normalize()
    {
        var length = Length;
        return length > 0 ? this / length : throw new InvalidOperationException("A zero vector has no direction.");
    }

    /// <summary>The largest absolute difference of the components: a tolerance check that does not depend on the axis.</summary>
    public static double MaxDifference(Vector3D left, Vector3D right) =>
        Math.Max(Math.Abs(left.X - right.X), Math.Max(Math.Abs(left.Y - right.Y), Math.Abs(left.Z - right.Z)));

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({X:0.###}, {Y:0.###}, {Z:0.###})");
}
