namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Tube segments indexed by height: each plane visits only the segments whose z range reaches it, and
/// each segment only the pixels of its own cross-section's bounding box, so thousands of small
/// vessels cost little per slice.
/// </summary>
internal sealed class TubeSet
{
    private const double BucketMm = 4;

    // Reach beyond the largest radius that any pass may ask for: layer growth, soft edges, margins.
    private const double Padding = 8;

    private readonly TubeSegment[] _segments;
    private readonly int[][] _buckets;
    private readonly double _bottom;

    public TubeSet(IEnumerable<TubeSegment> segments, double maxRadiusFactor = 1, double maxRadiusOffset = 0)
    {
        _segments = [.. segments];
        if (_segments.Length == 0)
        {
            _buckets = [];
            return;
        }

        double Reach(TubeSegment s) => ((s.MaxRadius * maxRadiusFactor) + maxRadiusOffset + Padding) / s.Scale.Z;
        _bottom = _segments.Min(s => Math.Min(s.A.Z, s.B.Z) - Reach(s));
        var top = _segments.Max(s => Math.Max(s.A.Z, s.B.Z) + Reach(s));
        var lists = new List<int>[(int)((top - _bottom) / BucketMm) + 1];
        for (var i = 0; i < _segments.Length; i++)
        {
            var s = _segments[i];
            var first = Bucket(Math.Min(s.A.Z, s.B.Z) - Reach(s));
            var last = Bucket(Math.Max(s.A.Z, s.B.Z) + Reach(s));
            for (var b = first; b <= last; b++)
            {
                (lists[b] ??= []).Add(i);
            }
        }

        _buckets = [.. lists.Select(l => l?.ToArray() ?? [])];
    }

    public IReadOnlyList<TubeSegment> Segments => _segments;

    /// <summary>Paints one layer of every segment that reaches plane <paramref name="z"/>.</summary>
    public void Paint(in PlaneRaster raster, double z, Span<float> values, TubeLayer layer)
    {
        foreach (var index in Candidates(z))
        {
            var segment = _segments[index];
            var reach = layer.Radius(segment.MaxRadius) + raster.Spacing;
            if (!Window(raster, segment, z, reach, out var window))
            {
                continue;
            }

            for (var row = window.RowStart; row < window.RowEnd; row++)
            {
                var y = raster.Y(row);
                var line = values.Slice(row * raster.Columns, raster.Columns);
                for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
                {
                    var (distance, radius) = segment.Measure(raster.X(column), y, z);
                    var coverage = raster.Coverage(distance - layer.Radius(radius));
                    if (coverage > 0)
                    {
                        line[column] = Blend(line[column], layer.Hu, coverage, layer.Mode);
                    }
                }
            }
        }
    }

    /// <summary>Lowers <paramref name="distances"/> to the distance from each segment's surface less <paramref name="margin"/>, where that is below one pixel.</summary>
    public void PaintDistance(in PlaneRaster raster, double z, Span<float> distances, double margin)
    {
        foreach (var index in Candidates(z))
        {
            var segment = _segments[index];
            if (!Window(raster, segment, z, segment.MaxRadius + margin + raster.Spacing, out var window))
            {
                continue;
            }

            for (var row = window.RowStart; row < window.RowEnd; row++)
            {
                var y = raster.Y(row);
                var line = distances.Slice(row * raster.Columns, raster.Columns);
                for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
                {
                    var (distance, radius) = segment.Measure(raster.X(column), y, z);
                    line[column] = Math.Min(line[column], (float)(distance - radius - margin));
                }
            }
        }
    }

    /// <summary>The distance from <paramref name="p"/> to the nearest segment surface among those at least <paramref name="minimumRadius"/> wide; +inf when none is within reach.</summary>
    public double Distance(Vec3 p, double minimumRadius = 0)
    {
        var best = double.PositiveInfinity;
        foreach (var index in Candidates(p.Z))
        {
            var segment = _segments[index];
            if (segment.MaxRadius < minimumRadius)
            {
                continue;
            }

            var (distance, radius) = segment.Measure(p.X, p.Y, p.Z);
            best = Math.Min(best, distance - radius);
        }

        return best;
    }

    internal static float Blend(float below, float hu, float coverage, BlendMode mode)
    {
        var covered = below + ((hu - below) * coverage);
        return mode == BlendMode.Raise ? Math.Max(below, covered) : covered;
    }

    private ReadOnlySpan<int> Candidates(double z)
    {
        if (_buckets.Length == 0)
        {
            return [];
        }

        var b = Bucket(z);
        return b >= 0 && b < _buckets.Length ? _buckets[b] : [];
    }

    private int Bucket(double z) => (int)Math.Floor((z - _bottom) / BucketMm);

    /// <summary>The pixels that the segment's part within <paramref name="reach"/> of plane z can touch.</summary>
    private static bool Window(in PlaneRaster raster, in TubeSegment segment, double z, double reach, out PixelWindow window)
    {
        window = default;
        var reachZ = reach / segment.Scale.Z;
        var dz = segment.B.Z - segment.A.Z;
        double t0 = 0, t1 = 1;
        if (Math.Abs(dz) < 1e-9)
        {
            if (Math.Abs(z - segment.A.Z) > reachZ)
            {
                return false;
            }
        }
        else
        {
            var ta = (z - reachZ - segment.A.Z) / dz;
            var tb = (z + reachZ - segment.A.Z) / dz;
            t0 = Math.Max(0, Math.Min(ta, tb));
            t1 = Math.Min(1, Math.Max(ta, tb));
            if (t0 > t1)
            {
                return false;
            }
        }

        var p0 = Vec3.Lerp(segment.A, segment.B, t0);
        var p1 = Vec3.Lerp(segment.A, segment.B, t1);
        var reachX = reach / segment.Scale.X;
        var reachY = reach / segment.Scale.Y;
        window = PixelWindow.Around(raster, Math.Min(p0.X, p1.X) - reachX, Math.Max(p0.X, p1.X) + reachX, Math.Min(p0.Y, p1.Y) - reachY, Math.Max(p0.Y, p1.Y) + reachY);
        return !window.IsEmpty;
    }
}
