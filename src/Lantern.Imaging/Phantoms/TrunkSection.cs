namespace Lantern.Imaging.Phantoms;

/// <summary>
/// A cross-section of the trunk, centred on x = 0 and spanning y from -<see cref="Anterior"/> to
/// +<see cref="Posterior"/>: a blend of an egg-shaped ellipse (different front and back half-depths)
/// and a rounded rectangle, <see cref="Squareness"/> saying how much of the latter. Its signed
/// distance (negative inside) is exact for the rectangle and first-order for the ellipse, good
/// enough for tissue layers of even thickness near the surface.
/// </summary>
internal readonly record struct TrunkSection(double HalfWidth, double Anterior, double Posterior, double Squareness)
{
    public double SignedDistance(double x, double y)
    {
        var depth = y < 0 ? Anterior : Posterior;
        var u = x / HalfWidth;
        var v = y / depth;
        var r = Math.Sqrt((u * u) + (v * v));
        var gradient = Math.Sqrt(Smooth.Square(u / HalfWidth) + Smooth.Square(v / depth));
        var ellipse = gradient < 1e-12 ? -Math.Min(HalfWidth, depth) : (r - 1) * r / gradient;

        var halfHeight = (Anterior + Posterior) / 2;
        var centerY = (Posterior - Anterior) / 2;
        var corner = 0.6 * Math.Min(HalfWidth, halfHeight);
        var qx = Math.Abs(x) - (HalfWidth - corner);
        var qy = Math.Abs(y - centerY) - (halfHeight - corner);
        var box = Math.Sqrt(Smooth.Square(Math.Max(qx, 0)) + Smooth.Square(Math.Max(qy, 0))) + Math.Min(Math.Max(qx, qy), 0) - corner;
        return ellipse + (Squareness * (box - ellipse));
    }
}
