namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Places nodules inside the scanned part of the lungs. Types, attachments and sizes follow rough
/// screening statistics: mostly small (3 to 10 mm), solid more often than ground glass; a third touch
/// the pleura and a fifth a vessel. Each nodule lies wholly inside the imaged volume.
/// </summary>
internal sealed class NodulePlacer
{
    private const int Attempts = 800;

    private readonly ChestAnatomy _anatomy;
    private readonly PhantomRandom _random;
    private readonly ScanRegion _region;
    private readonly Vec3 _offset;
    private readonly double _maxDiameter;
    private readonly TubeSegment[] _vascularSites;
    private readonly List<PhantomNoduleModel> _placed = [];
    private readonly List<TubeSegment> _spicules = [];

    private NodulePlacer(ChestAnatomy anatomy, PhantomRandom random, ScanRegion region, Vec3 offset, double maxDiameter)
    {
        _maxDiameter = maxDiameter;
        _anatomy = anatomy;
        _random = random;
        _region = region;
        _offset = offset;
        _vascularSites = [.. anatomy.Trees.Vessels.Segments.Where(s => s.MaxRadius is >= 0.8 and <= 4 && s.Length > 2)];
    }

    /// <summary>
    /// Places up to <paramref name="count"/> nodules of at most <paramref name="maxDiameter"/> mm (fewer
    /// when the scanned lung has no room); returns them with the spicules of the spiculated ones.
    /// <paramref name="offset"/> turns anatomy coordinates into patient coordinates.
    /// </summary>
    public static (IReadOnlyList<PhantomNoduleModel> Nodules, IReadOnlyList<TubeSegment> Spicules) Place(ChestAnatomy anatomy, PhantomRandom random, ScanRegion region, Vec3 offset, int count, double maxDiameter)
    {
        var placer = new NodulePlacer(anatomy, random, region, offset, maxDiameter);
        for (var i = 0; i < count; i++)
        {
            placer.PlaceOne();
        }

        return (placer._placed, placer._spicules);
    }

    private void PlaceOne()
    {
        var type = Pick(_random.NextDouble(), (0.6, NoduleType.Solid), (0.15, NoduleType.PartSolid), (0.25, NoduleType.GroundGlass));
        var attachment = Pick(_random.NextDouble(), (0.45, NoduleAttachment.Isolated), (0.35, NoduleAttachment.JuxtaPleural), (0.2, NoduleAttachment.JuxtaVascular));
        if (Smallest(type) > _maxDiameter)
        {
            type = NoduleType.Solid;
        }

        var smallest = Smallest(type);
        var diameter = smallest * Math.Pow(_maxDiameter / smallest, Math.Pow(_random.NextDouble(), 1.4));
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (attempt > 0 && attempt % 200 == 0)
            {
                diameter = Math.Max(smallest, diameter * 0.75);
            }

            var radius = diameter / 2;
            var candidate = attachment switch
            {
                NoduleAttachment.JuxtaPleural => PleuralCandidate(radius),
                NoduleAttachment.JuxtaVascular => VascularCandidate(radius),
                _ => IsolatedCandidate(radius),
            };
            if (candidate is { } center && Fits(center, radius, attachment))
            {
                Accept(center, diameter, type, attachment);
                return;
            }
        }
    }

    private static double Smallest(NoduleType type) => type switch
    {
        NoduleType.PartSolid => 8.0,
        NoduleType.GroundGlass => 5.0,
        _ => 3.0,
    };

    private Vec3? IsolatedCandidate(double radius)
    {
        var p = _region.RandomPoint(_random);
        return _anatomy.LungSignedDistance(p, radius + 4) >= radius + 4 ? p : null;
    }

    /// <summary>A point just inside the lung surface: walk from inside the lung until leaving it, then step back along the inward normal.</summary>
    private Vec3? PleuralCandidate(double radius)
    {
        var start = _region.RandomPoint(_random);
        if (_anatomy.LungSignedDistance(start, 3) < 3)
        {
            return null;
        }

        var direction = _random.Direction();
        double inside = 0, outside = -1;
        for (var t = 1.0; t < 200; t += 1)
        {
            if (_anatomy.LungSignedDistance(start + (direction * t), 0) < 0)
            {
                outside = t;
                break;
            }

            inside = t;
        }

        if (outside < 0)
        {
            return null;
        }

        for (var i = 0; i < 10; i++)
        {
            var mid = (inside + outside) / 2;
            if (_anatomy.LungSignedDistance(start + (direction * mid), 0) < 0)
            {
                outside = mid;
            }
            else
            {
                inside = mid;
            }
        }

        var surface = start + (direction * inside);
        const double H = 0.5;
        var inward = new Vec3(
            _anatomy.LungSignedDistance(surface + new Vec3(H, 0, 0)) - _anatomy.LungSignedDistance(surface - new Vec3(H, 0, 0)),
            _anatomy.LungSignedDistance(surface + new Vec3(0, H, 0)) - _anatomy.LungSignedDistance(surface - new Vec3(0, H, 0)),
            _anatomy.LungSignedDistance(surface + new Vec3(0, 0, H)) - _anatomy.LungSignedDistance(surface - new Vec3(0, 0, H))).Normalized();
        var center = surface + (inward * (radius * _random.Uniform(0.75, 0.92)));
        var touches = _anatomy.LungSignedDistance(center - (inward * (radius * 1.15))) < 0;
        return touches && _anatomy.LungSignedDistance(center) >= radius * 0.5 ? center : null;
    }

    /// <summary>A point beside a small or medium vessel, the nodule overlapping its wall a little.</summary>
    private Vec3? VascularCandidate(double radius)
    {
        if (_vascularSites.Length == 0)
        {
            return null;
        }

        var vessel = _vascularSites[_random.Integer(0, _vascularSites.Length)];
        var t = _random.Uniform(0.1, 0.9);
        var axis = (vessel.B - vessel.A).Normalized();
        var across = _random.Direction();
        across = (across - (axis * across.Dot(axis))).Normalized();
        var vesselRadius = Smooth.Lerp(vessel.RadiusA, vessel.RadiusB, t);
        var center = Vec3.Lerp(vessel.A, vessel.B, t) + (across * (vesselRadius + (radius * _random.Uniform(0.6, 0.9))));
        return _anatomy.LungSignedDistance(center, radius + 2) >= radius + 2 ? center : null;
    }

    private bool Fits(Vec3 center, double radius, NoduleAttachment attachment)
    {
        if (!_region.Holds(center, radius))
        {
            return false;
        }

        foreach (var other in _placed)
        {
            if ((other.Shape.Center - center).Length < other.Shape.Reach + radius + 5)
            {
                return false;
            }
        }

        if (_anatomy.Trees.Airways.Distance(center) - (PulmonaryTrees.AirwayWallOffset + 1) < radius * 1.2)
        {
            return false;
        }

        // Large vessels (hilum) never count as the attachment of a nodule; small ones may pass anywhere.
        var limit = attachment == NoduleAttachment.JuxtaVascular ? 4.5 : 1.0;
        return _anatomy.Trees.Vessels.Distance(center, limit) > radius + 1.5;
    }

    private void Accept(Vec3 center, double diameter, NoduleType type, NoduleAttachment attachment)
    {
        var patient = center + _offset;
        var truth = new PhantomNodule(
            Math.Round(patient.X, 2),
            Math.Round(patient.Y, 2),
            Math.Round(patient.Z, 2),
            Math.Round(diameter, 2),
            type,
            attachment,
            _anatomy.Thorax.SideOf(center.X));
        var exact = new Vec3(truth.X, truth.Y, truth.Z) - _offset;
        var lobulation = type == NoduleType.Solid ? _random.Uniform(0, 0.22) * (diameter > 8 ? 1 : 0.5) : _random.Uniform(0, 0.1);
        var shape = new NoduleShape(exact, truth.DiameterMm, _random.Uniform(0, 0.15), lobulation, _random);
        NoduleShape? core = null;
        float hu, coreHu = 0;
        switch (type)
        {
            case NoduleType.Solid:
                hu = (float)_random.Uniform(10, 60);
                AddSpicules(shape, diameter);
                break;
            case NoduleType.PartSolid:
                hu = (float)_random.Uniform(-620, -420);
                var coreFraction = _random.Uniform(0.3, 0.55);
                var shift = _random.Direction() * (shape.Radius * _random.Uniform(0, 0.8 - coreFraction - 0.05));
                core = new NoduleShape(exact + shift, truth.DiameterMm * coreFraction, 0.1, 0.1, _random);
                coreHu = (float)_random.Uniform(0, 50);
                break;
            default:
                hu = (float)_random.Uniform(-650, -350);
                break;
        }

        _placed.Add(new PhantomNoduleModel(truth, shape, core, hu, coreHu));
    }

    private void AddSpicules(NoduleShape shape, double diameter)
    {
        if (diameter < 10 || !_random.Chance(0.5))
        {
            return;
        }

        var count = _random.Integer(3, 9);
        for (var i = 0; i < count; i++)
        {
            var u = _random.Direction();
            var root = shape.Surface(u);
            var tip = root + (u * _random.Uniform(3, 10));
            _spicules.Add(new TubeSegment(shape.Center + ((root - shape.Center) * 0.85), tip, _random.Uniform(0.5, 0.8), 0.2));
        }
    }

    private static T Pick<T>(double u, params (double Weight, T Value)[] choices)
    {
        foreach (var (weight, value) in choices)
        {
            if (u < weight)
            {
                return value;
            }

            u -= weight;
        }

        return choices[^1].Value;
    }
}
