using Lantern.Imaging.Anatomy;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// What lies between the lungs: the heart in its pericardial fat; aorta, pulmonary trunk and
/// arteries, pulmonary veins, venae cavae and the arch's branches; trachea and main bronchi; the
/// oesophagus. It also places the hila, where the pulmonary trees start. The lungs keep a few
/// millimetres of fat away from all of it.
/// </summary>
internal sealed class Mediastinum
{
    private const double Margin = 2.5;

    private readonly Ellipsoid _pericardium;
    private readonly Ellipsoid _heart;
    private readonly Ellipsoid _chambers;
    private readonly bool _contrast;
    private readonly float _fatHu;
    private readonly float _myocardiumHu;
    private readonly float _bloodHu;
    private readonly double _airwayWall;
    private readonly TubeSet _vessels;
    private readonly TubeSet _airways;
    private readonly TubeSet _esophagus;
    private readonly TubeLayer[] _airwayLayers;
    private readonly TubeLayer[] _esophagusLayers;
    private readonly Vec3[] _arteryRoots = new Vec3[2];
    private readonly Vec3[] _veinRoots = new Vec3[2];
    private readonly Vec3[] _bronchusRoots = new Vec3[2];
    private readonly double[] _bronchusRadii = new double[2];

    public Mediastinum(Thorax thorax, bool contrast, PhantomRandom random)
    {
        var m = thorax.MidlineX;
        var yT = thorax.TracheaY;
        var zC = thorax.CarinaZ;
        var zArch = zC + random.Uniform(20, 40);
        var top = thorax.HighestLungZ + 150;
        var bottom = thorax.LowestLungZ - 250;
        var spineFront = thorax.VertebralY - thorax.VertebralRadiusY;

        _contrast = contrast;
        _fatHu = (float)thorax.FatHu;
        _myocardiumHu = contrast ? (float)random.Uniform(90, 130) : (float)random.Uniform(35, 50);
        _bloodHu = contrast ? (float)random.Uniform(140, 300) : (float)random.Uniform(35, 52);
        BloodHu = _bloodHu;

        // Heart: long axis towards the patient's left, front and feet; resting on the diaphragm, touching the front wall.
        var scale = Math.Clamp(thorax.CavityHalfWidth / 135, 0.85, 1.1);
        var axis = new Vec3(1, -random.Uniform(0.6, 1.0), -random.Uniform(0.3, 0.6));
        var semi = new Vec3(random.Uniform(50, 62), random.Uniform(38, 46), random.Uniform(34, 42)) * scale;
        var probe = new Ellipsoid(Vec3.Zero, axis, semi.X, semi.Y, semi.Z);
        var center = new Vec3(
            m + random.Uniform(15, 30),
            Math.Min(-thorax.CavityAnterior + 3 + probe.Extent.Y, spineFront - 25 - probe.Extent.Y),
            thorax.DomeZ(LungSide.Left) + (probe.Extent.Z * random.Uniform(0.55, 0.75)));
        _heart = new Ellipsoid(center, axis, semi.X, semi.Y, semi.Z);
        _pericardium = _heart.Grown(random.Uniform(2, 8));
        _chambers = _heart.Grown(-random.Uniform(8, 12));
        var heartTop = center.Z + probe.Extent.Z;

        // Hila: bronchus in the middle, artery above and in front, veins below.
        var hilumRight = new Vec3(m - (random.Uniform(0.30, 0.38) * thorax.CavityHalfWidth), yT + random.Uniform(0, 12), zC - random.Uniform(15, 30));
        var hilumLeft = new Vec3(m + (random.Uniform(0.32, 0.40) * thorax.CavityHalfWidth), yT + random.Uniform(5, 15), zC - random.Uniform(5, 20));
        Vec3[] hila = [hilumLeft, hilumRight];
        for (var s = 0; s < 2; s++)
        {
            _bronchusRoots[s] = hila[s] + new Vec3(0, 4, 0);
            _arteryRoots[s] = hila[s] + new Vec3(0, -10, 8);
            _veinRoots[s] = hila[s] + new Vec3(0, -4, -random.Uniform(25, 40));
        }

        var vessels = new List<TubeSegment>();
        var ascending = random.Uniform(13, 17);
        var descending = ascending * random.Uniform(0.75, 0.85);
        var descendingX = m + (thorax.VertebralRadiusX * 0.55) + (descending * 0.7);
        var descendingY = spineFront - (descending * 0.35);
        var ascendingPoint = new Vec3(m - random.Uniform(12, 22), yT - random.Uniform(28, 38), zC - 10);
        vessels.AddRange(TubePath.Through(
            [_heart.At(-0.55, 0, 0), ascendingPoint, new Vec3(m - 10, yT - 30, zArch - 12), new Vec3(m + 2, yT - 12, zArch), new Vec3(m + 14, yT + 8, zArch - 8), new Vec3(descendingX, descendingY, zArch - 30)],
            ascending,
            descending * 1.05));
        vessels.AddRange(TubePath.Through(
            [new Vec3(descendingX, descendingY, zArch - 30), new Vec3(descendingX, descendingY, zC - 70), new Vec3(m + 6, spineFront - descending - 2, thorax.DomeZ(LungSide.Right) - 60), new Vec3(m + 4, spineFront - descending - 2, bottom)],
            descending * 1.05,
            descending * 0.9));

        var trunk = random.Uniform(11, 14);
        var bifurcation = new Vec3(m + random.Uniform(12, 20), yT - random.Uniform(10, 20), zC - random.Uniform(10, 20));
        vessels.AddRange(TubePath.Through([new Vec3(center.X - 5, center.Y - (probe.Extent.Y * 0.5), center.Z + (probe.Extent.Z * 0.4)), bifurcation], trunk, trunk));
        vessels.AddRange(TubePath.Through([bifurcation, new Vec3(m - 8, yT - 5, zC - 15), _arteryRoots[1]], trunk * 0.75, trunk * 0.65));
        vessels.AddRange(TubePath.Through([bifurcation, new Vec3(m + 30, yT, zC - 2), _arteryRoots[0]], trunk * 0.72, trunk * 0.62));
        PulmonaryArteryRadius = trunk * 0.62;

        var atrium = new Vec3(m + 5, spineFront - random.Uniform(28, 38), center.Z + random.Uniform(10, 25));
        VeinRadius = random.Uniform(6, 8);
        vessels.AddRange(TubePath.Through([_veinRoots[1], atrium], VeinRadius, VeinRadius));
        vessels.AddRange(TubePath.Through([_veinRoots[0], atrium], VeinRadius, VeinRadius));

        var cava = random.Uniform(8, 11);
        var cavaPoint = new Vec3(ascendingPoint.X - ascending - cava - 3, ascendingPoint.Y + 5, 0);
        vessels.AddRange(TubePath.Through([cavaPoint with { Z = heartTop - 20 }, cavaPoint with { Z = zArch + 10 }], cava, cava));
        vessels.AddRange(TubePath.Through([new Vec3(m + (0.5 * thorax.CavityHalfWidth), yT - 25, zArch + 45), new Vec3(m + 5, yT - 40, zArch + 22), cavaPoint with { Z = zArch + 10 }], random.Uniform(6, 8), cava * 0.8));
        vessels.AddRange(TubePath.Through([new Vec3(cavaPoint.X - 10, cavaPoint.Y, top), cavaPoint with { Z = zArch + 10 }], random.Uniform(6, 8), cava * 0.8));
        var inferiorCava = random.Uniform(10, 13);
        vessels.AddRange(TubePath.Through(
            [new Vec3(center.X - (0.5 * probe.Extent.X), center.Y + (0.2 * probe.Extent.Y), center.Z - (0.2 * probe.Extent.Z)), new Vec3(center.X - (0.5 * probe.Extent.X), spineFront - 20, thorax.DomeZ(LungSide.Right) - 40), new Vec3(m - 18, spineFront - 15, bottom)],
            inferiorCava,
            inferiorCava));

        vessels.AddRange(TubePath.Through([new Vec3(m - 4, yT - 20, zArch), new Vec3(m - 18, yT - 18, zArch + 40), new Vec3(m - 30, yT - 12, top)], random.Uniform(5, 7), 5));
        vessels.AddRange(TubePath.Through([new Vec3(m + 5, yT - 14, zArch), new Vec3(m + 14, yT - 16, top)], random.Uniform(3.5, 5), 3.5));
        vessels.AddRange(TubePath.Through(
            [new Vec3(m + 12, yT - 6, zArch - 2), new Vec3(m + 28, yT - 2, zArch + 30), new Vec3(m + (0.55 * thorax.CavityHalfWidth), yT + 5, thorax.HighestLungZ + 15), new Vec3(thorax.BodyHalfWidth, yT + 10, thorax.HighestLungZ + 25)],
            random.Uniform(4.5, 6),
            4.5));
        _vessels = new TubeSet(vessels);

        var trachea = thorax.TracheaRadius;
        _airwayWall = random.Uniform(1.5, 2.5);
        var carina = new Vec3(m + 1, yT + 2, zC);
        _bronchusRadii[1] = trachea * 0.62;
        _bronchusRadii[0] = trachea * 0.58;
        var airways = new List<TubeSegment>();
        airways.AddRange(TubePath.Through([new Vec3(m, yT - 4, top), new Vec3(m, yT, zC + 40), carina], trachea, trachea * 0.95));
        airways.AddRange(TubePath.Through([carina, Vec3.Lerp(carina, _bronchusRoots[1], 0.5) + new Vec3(0, 0, -3), _bronchusRoots[1]], trachea * 0.72, _bronchusRadii[1]));
        airways.AddRange(TubePath.Through([carina, new Vec3(m + 20, yT + 6, zC - 15), _bronchusRoots[0]], trachea * 0.66, _bronchusRadii[0]));
        _airways = new TubeSet(airways, 1, _airwayWall);
        _airwayLayers = [new TubeLayer(1, _airwayWall, 60), new TubeLayer(1, 0, -1000)];

        var esophagus = random.Uniform(7, 10);
        var behindTrachea = yT + trachea + _airwayWall + random.Uniform(6, 9) + esophagus;
        var gullet = m + random.Uniform(4, 10);
        _esophagus = new TubeSet(TubePath.Through(
            [new Vec3(gullet, behindTrachea, top), new Vec3(gullet, behindTrachea, zC), new Vec3(m + 4, spineFront - (descending * 2) - 4, thorax.DomeZ(LungSide.Left) + 10), new Vec3(m + (0.3 * thorax.CavityHalfWidth), spineFront - 35, thorax.DomeZ(LungSide.Left) - 35)],
            esophagus,
            esophagus));
        _esophagusLayers = random.Chance(0.5)
            ? [new TubeLayer(1, 0, 40), new TubeLayer(0.3, 0, -1000)]
            : [new TubeLayer(1, 0, 40)];
    }

    public float BloodHu { get; }

    public double PulmonaryArteryRadius { get; }

    public double VeinRadius { get; }

    public Vec3 ArteryRoot(LungSide side) => _arteryRoots[(int)side];

    public Vec3 VeinRoot(LungSide side) => _veinRoots[(int)side];

    public Vec3 BronchusRoot(LungSide side) => _bronchusRoots[(int)side];

    public double BronchusRadius(LungSide side) => _bronchusRadii[(int)side];

    /// <summary>Lowers the lungs' exclusion distance around every mediastinal structure.</summary>
    public void PaintExclusion(in PlaneRaster raster, double z, Span<float> distances)
    {
        PaintEllipsoidDistance(raster, z, _pericardium, distances, 1.5);
        _vessels.PaintDistance(raster, z, distances, Margin);
        _airways.PaintDistance(raster, z, distances, Margin + _airwayWall);
        _esophagus.PaintDistance(raster, z, distances, Margin);
    }

    /// <summary>The exclusion distance at one point (slow: for sampling and placement, not for slices).</summary>
    public double ExclusionDistance(Vec3 p) => Math.Min(
        Math.Min(_pericardium.SignedDistance(p.X, p.Y, p.Z) - 1.5, _vessels.Distance(p) - Margin),
        Math.Min(_airways.Distance(p) - Margin - _airwayWall, _esophagus.Distance(p) - Margin));

    public void Paint(in PlaneRaster raster, double z, Span<float> values)
    {
        PaintEllipsoid(raster, z, _pericardium, values, _fatHu);
        PaintEllipsoid(raster, z, _heart, values, _myocardiumHu);
        // Without contrast, blood and myocardium look alike: the chambers need no pass of their own.
        if (_contrast)
        {
            PaintEllipsoid(raster, z, _chambers, values, _bloodHu);
        }
        _vessels.Paint(raster, z, values, new TubeLayer(1, 0, _bloodHu));
        foreach (var layer in _esophagusLayers)
        {
            _esophagus.Paint(raster, z, values, layer);
        }

        foreach (var layer in _airwayLayers)
        {
            _airways.Paint(raster, z, values, layer);
        }
    }

    internal static void PaintEllipsoid(in PlaneRaster raster, double z, in Ellipsoid ellipsoid, Span<float> values, float hu)
    {
        if (!Bounds(raster, z, ellipsoid, 0, out var window))
        {
            return;
        }

        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = raster.Y(row);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var coverage = raster.Coverage(ellipsoid.SignedDistance(raster.X(column), y, z));
                if (coverage > 0)
                {
                    var index = (row * raster.Columns) + column;
                    values[index] = TubeSet.Blend(values[index], hu, coverage, BlendMode.Cover);
                }
            }
        }
    }

    internal static void PaintEllipsoidDistance(in PlaneRaster raster, double z, in Ellipsoid ellipsoid, Span<float> distances, double margin)
    {
        if (!Bounds(raster, z, ellipsoid, margin, out var window))
        {
            return;
        }

        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = raster.Y(row);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var index = (row * raster.Columns) + column;
                distances[index] = Math.Min(distances[index], (float)(ellipsoid.SignedDistance(raster.X(column), y, z) - margin));
            }
        }
    }

    private static bool Bounds(in PlaneRaster raster, double z, in Ellipsoid ellipsoid, double margin, out PixelWindow window)
    {
        var reach = margin + raster.Spacing;
        var e = ellipsoid.Extent;
        var c = ellipsoid.Center;
        window = default;
        if (Math.Abs(z - c.Z) > e.Z + reach)
        {
            return false;
        }

        window = PixelWindow.Around(raster, c.X - e.X - reach, c.X + e.X + reach, c.Y - e.Y - reach, c.Y + e.Y + reach);
        return !window.IsEmpty;
    }
}
