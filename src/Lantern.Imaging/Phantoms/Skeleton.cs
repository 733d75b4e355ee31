namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Spine (vertebral bodies with end plates and discs, canal, posterior elements), twelve pairs of
/// ribs that run around the outside of the cavity sloping down towards the front and end in costal
/// cartilage, sternum, clavicles and scapulae. Bones have a dense cortex over cancellous marrow.
/// </summary>
internal sealed class Skeleton
{
    private const double RibMargin = 1.5;

    private readonly Thorax _thorax;
    private readonly double _levelTop;
    private readonly double _levelHeight;
    private readonly double _canalRadius;
    private readonly float _cortexHu;
    private readonly float _marrowHu;
    private readonly float _discHu;
    private readonly TubeSet _bones;
    private readonly TubeSet _cartilage;
    private readonly TubeLayer[] _boneLayers;
    private readonly TubeLayer _cartilageLayer;

    public Skeleton(Thorax thorax, PhantomRandom random)
    {
        _thorax = thorax;
        _levelTop = thorax.HighestLungZ + random.Uniform(5, 20);
        var t12 = thorax.LowestLungZ + random.Uniform(-5, 12);
        _levelHeight = (_levelTop - t12) / 11;
        _canalRadius = random.Uniform(7, 9);
        _cortexHu = (float)random.Uniform(600, 1000);
        _marrowHu = (float)random.Uniform(140, 280);
        _discHu = (float)random.Uniform(70, 100);
        _boneLayers = [new TubeLayer(1, 0, _cortexHu), new TubeLayer(1, -1.3, _marrowHu)];
        _cartilageLayer = new TubeLayer(1, 0, (float)random.Uniform(90, 140));

        var bones = new List<TubeSegment>();
        var cartilage = new List<TubeSegment>();
        var anteriorEnds = new double[13];
        foreach (var side in new[] { 1.0, -1.0 })
        {
            for (var rib = 1; rib <= 12; rib++)
            {
                anteriorEnds[rib] = AddRib(random, side, rib, bones, cartilage);
            }

            AddScapula(random, side, bones);
        }

        AddSternumAndClavicles(random, anteriorEnds[1] + 15, anteriorEnds[7] - 15, bones);
        AddPosteriorElements(random, bones);
        _bones = new TubeSet(bones);
        _cartilage = new TubeSet(cartilage);
    }

    private double CanalY => _thorax.VertebralY + _thorax.VertebralRadiusY + _canalRadius + 1.5;

    /// <summary>Height of vertebra <paramref name="level"/>'s centre: 1 = T1, 12 = T12, beyond for cervical and lumbar levels.</summary>
    public double LevelZ(int level) => _levelTop - ((level - 1) * _levelHeight);

    /// <summary>Lowers the lungs' exclusion distance around the vertebral bodies and the bones.</summary>
    public void PaintExclusion(in PlaneRaster raster, double z, Span<float> distances)
    {
        var rx = _thorax.VertebralRadiusX + 3;
        var ry = _thorax.VertebralRadiusY + 3;
        var cy = _thorax.VertebralY;
        var window = PixelWindow.Around(raster, -rx - raster.Spacing, rx + raster.Spacing, cy - ry - raster.Spacing, cy + ry + raster.Spacing);
        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = raster.Y(row);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var index = (row * raster.Columns) + column;
                distances[index] = Math.Min(distances[index], (float)EllipseDistance(raster.X(column), y - cy, rx, ry));
            }
        }

        _bones.PaintDistance(raster, z, distances, RibMargin);
    }

    /// <summary>The exclusion distance at one point (slow: for sampling and placement, not for slices).</summary>
    public double ExclusionDistance(Vec3 p) => Math.Min(
        EllipseDistance(p.X, p.Y - _thorax.VertebralY, _thorax.VertebralRadiusX + 3, _thorax.VertebralRadiusY + 3),
        _bones.Distance(p) - RibMargin);

    public void Paint(in PlaneRaster raster, double z, Span<float> values)
    {
        PaintVertebra(raster, z, values);
        foreach (var layer in _boneLayers)
        {
            _bones.Paint(raster, z, values, layer);
        }

        _cartilage.Paint(raster, z, values, _cartilageLayer);
    }

    private void PaintVertebra(in PlaneRaster raster, double z, Span<float> values)
    {
        var level = (_levelTop - z) / _levelHeight;
        var offset = Math.Abs(level - Math.Round(level)) * _levelHeight;
        var lumbar = Math.Clamp((level - 11) / 4, 0, 1);
        var rx = _thorax.VertebralRadiusX * (1 + (0.15 * lumbar));
        var ry = _thorax.VertebralRadiusY * (1 + (0.15 * lumbar));
        var cy = _thorax.VertebralY;
        var halfBody = 0.39 * _levelHeight;
        var endPlate = halfBody - offset < 1.5;
        var inBody = offset <= halfBody;
        var window = PixelWindow.Around(raster, -rx - raster.Spacing, rx + raster.Spacing, cy - ry - raster.Spacing, CanalY + _canalRadius + raster.Spacing);
        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = raster.Y(row);
            var line = values.Slice(row * raster.Columns, raster.Columns);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var x = raster.X(column);
                var d = EllipseDistance(x, y - cy, rx, ry);
                var coverage = raster.Coverage(d);
                if (coverage > 0)
                {
                    var hu = !inBody ? _discHu : endPlate || d > -1.5 ? _cortexHu : _marrowHu;
                    line[column] = TubeSet.Blend(line[column], hu, coverage, BlendMode.Cover);
                }

                var canal = raster.Coverage(Math.Sqrt((x * x) + Smooth.Square(y - CanalY)) - _canalRadius);
                if (canal > 0)
                {
                    line[column] = TubeSet.Blend(line[column], 15, canal, BlendMode.Cover);
                }
            }
        }
    }

    /// <summary>Adds one rib; returns the height of its front end.</summary>
    private double AddRib(PhantomRandom random, double side, int rib, List<TubeSegment> bones, List<TubeSegment> cartilage)
    {
        var head = LevelZ(rib);
        var drop = rib switch
        {
            1 => random.Uniform(20, 30),
            2 => random.Uniform(40, 55),
            <= 10 => random.Uniform(90, 130),
            _ => random.Uniform(30, 50),
        };
        const double Start = 0.3;
        var end = rib switch
        {
            <= 7 => Math.PI - random.Uniform(0.18, 0.3),
            <= 10 => Math.PI - 0.45 - (0.18 * (rib - 8)),
            11 => random.Uniform(1.8, 2.2),
            _ => random.Uniform(1.3, 1.7),
        };
        var cartilageFrom = rib switch
        {
            <= 7 => end - (0.2 + (0.05 * rib)),
            <= 10 => end - 0.5,
            _ => double.PositiveInfinity,
        };
        var halfHeight = rib == 1 ? random.Uniform(3.5, 4.5) : random.Uniform(5, 6.5);
        var halfThickness = rib == 1 ? random.Uniform(3.5, 4.5) : random.Uniform(2.5, 3.5);
        var scale = new Vec3(1, 1, halfThickness / halfHeight);

        var bone = new List<Vec3>
        {
            new(side * _thorax.VertebralRadiusX * 0.55, _thorax.VertebralY + (_thorax.VertebralRadiusY * 0.85), head),
        };
        var soft = new List<Vec3>();
        var z = head;
        for (var angle = Start; angle <= end + 1e-9; angle += 0.07)
        {
            var u = (angle - Start) / (Math.PI - Start);
            z = head + (16 * u * (1 - u)) - (drop * Math.Pow(u, 1.4));
            var point = OutsideCavity(z, side * Math.Sin(angle), Math.Cos(angle), halfThickness + RibMargin + 0.5);
            if (angle < cartilageFrom)
            {
                bone.Add(point);
            }
            else
            {
                if (soft.Count == 0)
                {
                    soft.Add(bone[^1]);
                }

                soft.Add(point);
            }
        }

        AddChain(bone, halfThickness, scale, bones);
        AddChain(soft, halfThickness * 0.85, scale, cartilage);
        return z;
    }

    private void AddScapula(PhantomRandom random, double side, List<TubeSegment> bones)
    {
        var top = LevelZ(1) - random.Uniform(0, 10);
        var bottom = LevelZ(7) + random.Uniform(-10, 10);
        var offset = _thorax.RibZone + random.Uniform(7, 12);
        for (var z = top; z >= bottom; z -= 4.5)
        {
            var narrowing = (top - z) / (top - bottom);
            var lateral = Smooth.Lerp(1.25, 0.75, narrowing);
            var points = new List<Vec3>();
            for (var k = 0; k < 4; k++)
            {
                var angle = Smooth.Lerp(0.5, lateral, k / 3.0);
                points.Add(OutsideCavity(z, side * Math.Sin(angle), Math.Cos(angle), offset));
            }

            AddChain(points, 2.4, new Vec3(1, 1, 1), bones);
        }
    }

    private void AddSternumAndClavicles(PhantomRandom random, double top, double bottom, List<TubeSegment> bones)
    {
        var halfThickness = random.Uniform(5, 7);
        var halfWidth = random.Uniform(12, 16);
        var points = new List<Vec3>();
        for (var z = top; z >= bottom; z -= 8)
        {
            points.Add(OutsideCavity(z, 0, -1, halfThickness + RibMargin));
        }

        if (points.Count > 1)
        {
            AddChain(points, halfThickness, new Vec3(halfThickness / halfWidth, 1, 1), bones);
        }

        var radius = random.Uniform(5.5, 7.5);
        var front = -_thorax.BodyAnterior + _thorax.Fat + 12;
        foreach (var side in new[] { 1.0, -1.0 })
        {
            Vec3[] clavicle =
            [
                new(side * 18, points.Count > 0 ? points[0].Y - 4 : front, top + 8),
                new(side * 0.45 * _thorax.BodyHalfWidth, front, top + 18),
                new(side * 0.8 * _thorax.BodyHalfWidth, -0.3 * _thorax.BodyAnterior, top + 30),
            ];
            bones.AddRange(TubePath.Through(clavicle, radius, radius * 0.9));
        }
    }

    private void AddPosteriorElements(PhantomRandom random, List<TubeSegment> bones)
    {
        var back = _thorax.BodyPosterior - _thorax.Fat - random.Uniform(10, 20);
        var pedicleY = _thorax.VertebralY + _thorax.VertebralRadiusY;
        for (var level = -4; level <= 17; level++)
        {
            var z = LevelZ(level);
            var laminaY = CanalY + _canalRadius + 3;
            foreach (var side in new[] { 1.0, -1.0 })
            {
                var pedicle = new Vec3(side * (_canalRadius + 2.5), pedicleY, z);
                bones.Add(new TubeSegment(pedicle, new Vec3(side * (_canalRadius + 1), laminaY - 2, z), 3.2, 3));
                bones.Add(new TubeSegment(new Vec3(side * (_canalRadius + 1), laminaY - 2, z), new Vec3(0, laminaY, z - 2), 3, 3));
                bones.Add(new TubeSegment(pedicle + new Vec3(side * 2, 4, 0), new Vec3(side * (_canalRadius + 26), pedicleY + 14, z + 2), 4.2, 3.5));
            }

            bones.Add(new TubeSegment(new Vec3(0, laminaY, z - 2), new Vec3(0, back, z - (0.5 * _levelHeight)), 4.2, 3.6));
        }
    }

    /// <summary>The point <paramref name="offset"/> mm outside the cavity wall along the ray from the axis in direction (dx, dy), at height z.</summary>
    private Vec3 OutsideCavity(double z, double dx, double dy, double offset)
    {
        var cavity = _thorax.Cavity(z);
        double low = 0, high = 400;
        for (var i = 0; i < 40; i++)
        {
            var mid = (low + high) / 2;
            if (cavity.SignedDistance(dx * mid, dy * mid) < 0)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        var x = dx * low;
        var y = dy * low;
        const double H = 0.25;
        var normal = new Vec3(
            cavity.SignedDistance(x + H, y) - cavity.SignedDistance(x - H, y),
            cavity.SignedDistance(x, y + H) - cavity.SignedDistance(x, y - H),
            0).Normalized();
        return new Vec3(x + (normal.X * offset), y + (normal.Y * offset), z);
    }

    private static void AddChain(List<Vec3> points, double radius, Vec3 scale, List<TubeSegment> into)
    {
        for (var i = 1; i < points.Count; i++)
        {
            into.Add(new TubeSegment(points[i - 1], points[i], radius, radius, scale));
        }
    }

    /// <summary>Approximate signed distance to an axis-aligned ellipse centred at the origin.</summary>
    internal static double EllipseDistance(double x, double y, double rx, double ry)
    {
        var u = x / rx;
        var v = y / ry;
        var r = Math.Sqrt((u * u) + (v * v));
        var gradient = Math.Sqrt(Smooth.Square(u / rx) + Smooth.Square(v / ry));
        return gradient < 1e-12 ? -Math.Min(rx, ry) : (r - 1) * r / gradient;
    }
}
