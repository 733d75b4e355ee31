namespace Lantern.Imaging.Phantoms;

/// <summary>Smooth tubes through control points (Catmull-Rom), for vessels, airways and bones that follow a known course.</summary>
internal static class TubePath
{
    /// <summary>Segments every <paramref name="step"/> mm along the curve, the radius going linearly from first to last.</summary>
    public static IEnumerable<TubeSegment> Through(IReadOnlyList<Vec3> points, double radiusStart, double radiusEnd, double step = 6) =>
        Through(points, radiusStart, radiusEnd, new Vec3(1, 1, 1), step);

    public static IEnumerable<TubeSegment> Through(IReadOnlyList<Vec3> points, double radiusStart, double radiusEnd, Vec3 scale, double step = 6)
    {
        var curve = Sample(points, step);
        var total = 0.0;
        for (var i = 1; i < curve.Count; i++)
        {
            total += (curve[i] - curve[i - 1]).Length;
        }

        var walked = 0.0;
        for (var i = 1; i < curve.Count; i++)
        {
            var length = (curve[i] - curve[i - 1]).Length;
            var r0 = Smooth.Lerp(radiusStart, radiusEnd, walked / total);
            walked += length;
            var r1 = Smooth.Lerp(radiusStart, radiusEnd, walked / total);
            yield return new TubeSegment(curve[i - 1], curve[i], r0, r1, scale);
        }
    }

    /// <summary>Points along the Catmull-Rom curve through <paramref name="points"/>, about <paramref name="step"/> mm apart.</summary>
    public static List<Vec3> Sample(IReadOnlyList<Vec3> points, double step)
    {
        var curve = new List<Vec3> { points[0] };
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var p0 = points[Math.Max(i - 1, 0)];
            var p1 = points[i];
            var p2 = points[i + 1];
            var p3 = points[Math.Min(i + 2, points.Count - 1)];
            var pieces = Math.Max(1, (int)Math.Ceiling((p2 - p1).Length / step));
            for (var j = 1; j <= pieces; j++)
            {
                var t = j / (double)pieces;
                var t2 = t * t;
                var t3 = t2 * t;
                curve.Add(((p1 * 2) + ((p2 - p0) * t) + (((p0 * 2) - (p1 * 5) + (p2 * 4) - p3) * t2) + ((p1 * 3) - p0 - (p2 * 3) + p3) * t3) * 0.5);
            }
        }

        return curve;
    }
}
