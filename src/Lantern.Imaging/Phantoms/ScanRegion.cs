namespace Lantern.Imaging.Phantoms;

/// <summary>The imaged volume in the anatomy frame: slice centres from <see cref="Bottom"/> to <see cref="Top"/>, pixels inside the reconstruction circle.</summary>
internal readonly record struct ScanRegion(double Bottom, double Top, double CenterX, double CenterY, double Radius, double XLow, double XHigh, double YLow, double YHigh)
{
    /// <summary>Whether a ball of <paramref name="radius"/> around <paramref name="p"/> lies wholly inside.</summary>
    public bool Holds(Vec3 p, double radius) =>
        p.Z - radius >= Bottom && p.Z + radius <= Top
        && p.X - radius >= XLow && p.X + radius <= XHigh && p.Y - radius >= YLow && p.Y + radius <= YHigh
        && Math.Sqrt(Smooth.Square(p.X - CenterX) + Smooth.Square(p.Y - CenterY)) + radius <= Radius;

    public Vec3 RandomPoint(PhantomRandom random) => new(random.Uniform(XLow, XHigh), random.Uniform(YLow, YHigh), random.Uniform(Bottom, Top));
}
