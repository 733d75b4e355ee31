using Lantern.Imaging.Anatomy;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Per lung an arterial and a venous tree from the hilum, tapering down to below a millimetre (the
/// structures that look like nodules in a single slice), and a bronchial tree with walls down to
/// lumens of about a millimetre.
/// </summary>
internal sealed class PulmonaryTrees
{
    private const int ArteryPoints = 3500;
    private const int VeinPoints = 3000;
    private const int AirwayPoints = 300;

    private readonly TubeLayer _bloodLayer;
    private readonly TubeLayer[] _airwayLayers;

    public PulmonaryTrees(ChestAnatomy anatomy, PhantomRandom random)
    {
        var vessels = new List<TubeSegment>();
        var airways = new List<TubeSegment>();
        var mediastinum = anatomy.Mediastinum;
        foreach (var side in new[] { LungSide.Left, LungSide.Right })
        {
            TreeGrower.Grow(random, mediastinum.ArteryRoot(side), mediastinum.PulmonaryArteryRadius * 0.95, Territory(anatomy, side, ArteryPoints, 2, random), 0.3, vessels);
            TreeGrower.Grow(random, mediastinum.VeinRoot(side), mediastinum.VeinRadius, Territory(anatomy, side, VeinPoints, 2, random), 0.3, vessels);
            TreeGrower.Grow(random, mediastinum.BronchusRoot(side), mediastinum.BronchusRadius(side) * 0.95, Territory(anatomy, side, AirwayPoints, 6, random), 0.85, airways);
        }

        Vessels = new TubeSet(vessels);
        Airways = new TubeSet(airways, AirwayWallFactor, AirwayWallOffset);
        _bloodLayer = new TubeLayer(1, 0, mediastinum.BloodHu);
        _airwayLayers = [new TubeLayer(AirwayWallFactor, AirwayWallOffset, 30), new TubeLayer(1, 0, -1000)];
    }

    /// <summary>Outer radius of a bronchus = lumen * factor + offset.</summary>
    public const double AirwayWallFactor = 1.25;

    public const double AirwayWallOffset = 0.4;

    public TubeSet Vessels { get; }

    /// <summary>Bronchi; radii are the lumen's.</summary>
    public TubeSet Airways { get; }

    public void Paint(in PlaneRaster raster, double z, Span<float> values)
    {
        Vessels.Paint(raster, z, values, _bloodLayer);
        foreach (var layer in _airwayLayers)
        {
            Airways.Paint(raster, z, values, layer);
        }
    }

    /// <summary>Points spread evenly through one lung, at least <paramref name="depth"/> mm inside it.</summary>
    private static List<Vec3> Territory(ChestAnatomy anatomy, LungSide side, int count, double depth, PhantomRandom random)
    {
        var thorax = anatomy.Thorax;
        var points = new List<Vec3>(count);
        var (xLow, xHigh) = side == LungSide.Left ? (thorax.MidlineX, thorax.CavityHalfWidth) : (-thorax.CavityHalfWidth, thorax.MidlineX);
        for (var attempt = 0; points.Count < count; attempt++)
        {
            if (attempt > count * 1000)
            {
                throw new InvalidOperationException($"the {side} lung of this phantom is too small to hold its vessel tree");
            }

            var p = new Vec3(random.Uniform(xLow, xHigh), random.Uniform(-thorax.CavityAnterior, thorax.CavityPosterior), random.Uniform(thorax.LowestLungZ, thorax.HighestLungZ));
            if (anatomy.LungSignedDistance(p, depth) >= depth)
            {
                points.Add(p);
            }
        }

        return points;
    }
}
