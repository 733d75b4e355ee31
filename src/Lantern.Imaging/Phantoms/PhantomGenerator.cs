namespace Lantern.Imaging.Phantoms;

/// <summary>Builds a <see cref="ChestPhantom"/> from options: draws what the options leave open from the seed.</summary>
public static class PhantomGenerator
{
    private static readonly double[] s_thicknesses = [0.625, 0.625, 0.8, 1, 1, 1.25, 1.25, 1.5, 2, 2.5, 3, 5];
    private static readonly int[] s_kilovolts = [100, 120, 120, 140];

    public static ChestPhantom Create(PhantomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var seed = options.Seed;

        // Every value is drawn even when an option overrides it, so that the rest stays the same.
        var acquisitionRandom = new PhantomRandom(seed, PhantomStreams.Acquisition);
        var contrast = acquisitionRandom.Chance(0.35);
        var noise = 10 * Math.Pow(5, acquisitionRandom.NextDouble());
        var blur = acquisitionRandom.Uniform(0.35, 1.0);
        var enhancement = acquisitionRandom.Chance(0.4) ? acquisitionRandom.Uniform(0.2, 0.8) : 0;
        var grain = blur * acquisitionRandom.Uniform(0.7, 1.1);
        var padded = acquisitionRandom.Chance(0.5);
        var kilovolts = acquisitionRandom.Pick(s_kilovolts);

        var anatomy = new ChestAnatomy(seed, contrast);
        var thorax = anatomy.Thorax;
        var acquisition = new PhantomAcquisition(
            Math.Round(options.NoiseHu ?? noise, 2),
            Math.Round(blur, 3),
            Math.Round(enhancement, 3),
            Math.Round(thorax.Inspiration, 3),
            Math.Round(thorax.ParenchymaHu, 1),
            contrast,
            padded,
            kilovolts);

        var random = new PhantomRandom(seed, PhantomStreams.Geometry);
        var offset = new Vec3(random.Uniform(-12, 12), random.Uniform(-25, 10), 0);
        var lungWidth = (2 * (thorax.CavityHalfWidth + Math.Abs(offset.X))) + 24;
        var fieldOfView = Math.Round(random.Uniform(Math.Min(Math.Max(256, lungWidth), 460), 460));
        var pixelSpacing = options.PixelSpacingMm ?? Math.Round(fieldOfView / options.Size, 6);
        var drawnThickness = random.Pick(s_thicknesses);
        var overlap = random.Chance(0.3) && drawnThickness >= 1.25 ? random.Pick([0.5, 0.8]) : 1;
        var thickness = options.SliceThicknessMm ?? drawnThickness;
        var spacing = options.SliceSpacingMm
            ?? (options.SliceThicknessMm is null ? Math.Max(0.5, Math.Round(thickness * overlap, 4)) : thickness);
        var bottom = thorax.LowestLungZ - random.Uniform(5, 60);
        var top = thorax.HighestLungZ + random.Uniform(-10, 35);
        var tablePosition = random.Uniform(-350, 50);
        var slices = options.Slices ?? (int)Math.Ceiling((top - bottom) / spacing) + 1;
        var start = options.Slices is null ? bottom : ((bottom + top) / 2) - ((slices - 1) * spacing / 2);
        var originZ = Math.Round(start + tablePosition, 2);
        offset = offset with { Z = originZ - start };
        var origin = Math.Round(-(options.Size - 1) * pixelSpacing / 2, 6);
        var geometry = new PhantomGeometry(options.Size, options.Size, slices, pixelSpacing, thickness, spacing, origin, origin, originZ);

        var noduleRandom = new PhantomRandom(seed, PhantomStreams.Nodules);
        var requested = noduleRandom.Integer(1, 7);
        requested = options.Nodules ?? requested;
        var region = Region(geometry, offset, thorax);
        var (nodules, spicules) = NodulePlacer.Place(anatomy, noduleRandom, region, offset, requested, options.NoduleMaxDiameterMm);
        return new ChestPhantom(seed, geometry, acquisition, anatomy, offset, nodules, spicules, grain, requested);
    }

    /// <summary>The imaged part of the lungs' bounding box, in the anatomy frame.</summary>
    private static ScanRegion Region(PhantomGeometry g, Vec3 offset, Thorax thorax)
    {
        var x0 = g.OriginX - offset.X;
        var y0 = g.OriginY - offset.Y;
        var width = (g.Columns - 1) * g.PixelSpacingMm;
        var height = (g.Rows - 1) * g.PixelSpacingMm;
        var z0 = g.OriginZ - offset.Z;
        var z1 = g.SliceZ(g.Slices - 1) - offset.Z;
        return new ScanRegion(
            Math.Max(z0, thorax.LowestLungZ),
            Math.Min(z1, thorax.HighestLungZ),
            x0 + (width / 2),
            y0 + (height / 2),
            Math.Min(g.Columns, g.Rows) * g.PixelSpacingMm / 2,
            Math.Max(x0, -thorax.CavityHalfWidth),
            Math.Min(x0 + width, thorax.CavityHalfWidth),
            Math.Max(y0, -thorax.CavityAnterior),
            Math.Min(y0 + height, thorax.CavityPosterior));
    }
}
