namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Grows a branching tube tree (pulmonary arteries, veins, bronchi) that fills a territory: the
/// territory is a cloud of points sampled in the lung; each branch heads for its territory's
/// centroid, then the territory is cut across its longest spread (unevenly, as real trees branch)
/// and each part feeds a child. Radii follow Murray's law with flow proportional to territory size
/// (r³ of the parent = sum of the children's), so the tree tapers from the hilum down to the
/// radius of one point's share.
/// </summary>
internal sealed class TreeGrower
{
    private readonly PhantomRandom _random;
    private readonly TerritoryPoint[] _points;
    private readonly List<TubeSegment> _segments;
    private readonly double _minimumRadius;

    private TreeGrower(PhantomRandom random, IReadOnlyList<Vec3> territory, List<TubeSegment> segments, double minimumRadius)
    {
        _random = random;
        _segments = segments;
        _minimumRadius = minimumRadius;
        _points = new TerritoryPoint[territory.Count];
        for (var i = 0; i < territory.Count; i++)
        {
            _points[i] = new TerritoryPoint(territory[i], i);
        }
    }

    /// <summary>Adds the tree rooted at <paramref name="root"/> to <paramref name="segments"/>; branches stop at <paramref name="minimumRadius"/>.</summary>
    public static void Grow(PhantomRandom random, Vec3 root, double rootRadius, IReadOnlyList<Vec3> territory, double minimumRadius, List<TubeSegment> segments)
    {
        var grower = new TreeGrower(random, territory, segments, minimumRadius);
        grower.Branch(root, 0, grower._points.Length, rootRadius);
    }

    private void Branch(Vec3 start, int low, int high, double radius)
    {
        var count = high - low;
        var centroid = Centroid(low, high);
        var leafRadius = radius * 0.8;
        if (count <= 2 || leafRadius < _minimumRadius)
        {
            AddPath(start, centroid, radius, Math.Max(leafRadius, _minimumRadius * 0.7));
            return;
        }

        var end = Vec3.Lerp(start, centroid, _random.Uniform(0.3, 0.5));
        var axis = PrincipalAxis(low, high, centroid);
        var span = _points.AsSpan(low, count);
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = span[i] with { Key = (span[i].Position - centroid).Dot(axis) };
        }

        // Key, then the sampling index: a total order, so the split never depends on the sort algorithm.
        span.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Id.CompareTo(b.Id));
        var fraction = _random.Uniform(0.2, 0.5);
        var cut = Math.Clamp((int)Math.Round(count * (_random.Chance(0.5) ? fraction : 1 - fraction)), 1, count - 1);
        var radius1 = radius * Math.Cbrt(cut / (double)count);
        var radius2 = radius * Math.Cbrt((count - cut) / (double)count);
        AddPath(start, end, radius, Math.Max(radius1, radius2));
        Branch(end, low, low + cut, radius1);
        Branch(end, low + cut, high, radius2);
    }

    /// <summary>A segment, bent once at its middle when it is long, so vessels are not ruler-straight.</summary>
    private void AddPath(Vec3 a, Vec3 b, double radiusA, double radiusB)
    {
        var length = (b - a).Length;
        if (length < 4 + (3 * radiusA))
        {
            _segments.Add(new TubeSegment(a, b, radiusA, radiusB));
            return;
        }

        var bend = _random.Direction() * (length * _random.Uniform(0.03, 0.09));
        var middle = Vec3.Lerp(a, b, 0.5) + bend;
        var radiusMiddle = (radiusA + radiusB) / 2;
        _segments.Add(new TubeSegment(a, middle, radiusA, radiusMiddle));
        _segments.Add(new TubeSegment(middle, b, radiusMiddle, radiusB));
    }

    private Vec3 Centroid(int low, int high)
    {
        var sum = Vec3.Zero;
        for (var i = low; i < high; i++)
        {
            sum += _points[i].Position;
        }

        return sum * (1.0 / (high - low));
    }

    /// <summary>The direction of largest spread: power iteration on the covariance.</summary>
    private Vec3 PrincipalAxis(int low, int high, Vec3 centroid)
    {
        double xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
        for (var i = low; i < high; i++)
        {
            var d = _points[i].Position - centroid;
            xx += d.X * d.X;
            xy += d.X * d.Y;
            xz += d.X * d.Z;
            yy += d.Y * d.Y;
            yz += d.Y * d.Z;
            zz += d.Z * d.Z;
        }

        var v = new Vec3(0.48, 0.36, 0.8);
        for (var iteration = 0; iteration < 12; iteration++)
        {
            v = new Vec3((xx * v.X) + (xy * v.Y) + (xz * v.Z), (xy * v.X) + (yy * v.Y) + (yz * v.Z), (xz * v.X) + (yz * v.Y) + (zz * v.Z)).Normalized();
        }

        return v;
    }

    private readonly record struct TerritoryPoint(Vec3 Position, int Id, double Key = 0);
}
