using Lantern.Imaging.Anatomy;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// The trunk and the lungs in the anatomy's frame (millimetres, LPS axes: +x patient left, +y
/// posterior, +z head; z = 0 at the top of the right hemidiaphragm): body outline with skin, fat and
/// muscle, the thoracic cavity inside the ribs, and each lung as the cavity less the mediastinum, below
/// its apex dome and above its hemidiaphragm. Organs that the lungs wrap around (heart, great vessels,
/// spine) enter as an exclusion distance computed by their owners.
/// </summary>
internal sealed class Thorax
{
    public const double SkinMm = 1.5;

    // Sides are indexed 0 = left (+x), 1 = right.
    private readonly double[] _domeZ = new double[2];
    private readonly double[] _domeX = new double[2];
    private readonly double[] _apexZ = new double[2];
    private readonly double[] _apexX = new double[2];

    public Thorax(PhantomRandom random)
    {
        Size = random.NextDouble();
        Fatness = Math.Clamp((0.6 * Size) + random.Uniform(-0.15, 0.45), 0, 1);
        Inspiration = random.NextDouble();

        CavityHalfWidth = 115 + (40 * Size) + random.Uniform(-6, 6);
        var depth = 2 * CavityHalfWidth * random.Uniform(0.58, 0.72);
        CavityAnterior = depth * 0.47;
        CavityPosterior = depth * 0.53;
        CavitySquareness = random.Uniform(0, 0.3);
        Fat = 5 + (35 * Fatness);
        Muscle = random.Uniform(5, 14);
        RibZone = random.Uniform(8, 10);
        var wall = Muscle + RibZone;
        BodyHalfWidth = CavityHalfWidth + wall + Fat;
        BodyAnterior = CavityAnterior + wall + (0.7 * Fat);
        BodyPosterior = CavityPosterior + wall + Fat + random.Uniform(6, 14);
        BodySquareness = CavitySquareness + random.Uniform(0, 0.1);
        ShoulderWidening = random.Uniform(0.05, 0.15);
        Belly = Fatness * random.Uniform(0, 0.3);

        var height = random.Uniform(0.92, 1.08) * (165 + (55 * Inspiration)) * (0.92 + (0.16 * Size));
        _domeZ[1] = 0;
        _domeZ[0] = -random.Uniform(8, 25);
        _domeX[0] = random.Uniform(0.35, 0.5) * CavityHalfWidth;
        _domeX[1] = -random.Uniform(0.35, 0.5) * CavityHalfWidth;
        DomeY = -random.Uniform(0, 0.2) * CavityAnterior;
        var flatness = 1.15 - (0.3 * Inspiration);
        DomeKx = random.Uniform(0.007, 0.011) * flatness;
        DomeKyAnterior = random.Uniform(0.004, 0.007) * flatness;
        DomeKyPosterior = random.Uniform(0.0035, 0.0055) * flatness;
        _apexZ[0] = height + random.Uniform(-3, 8);
        _apexZ[1] = height + random.Uniform(-5, 5);
        _apexX[0] = random.Uniform(0.38, 0.5) * CavityHalfWidth;
        _apexX[1] = -random.Uniform(0.38, 0.5) * CavityHalfWidth;
        ApexY = random.Uniform(0.05, 0.3) * CavityPosterior;
        ApexK = random.Uniform(0.007, 0.012);
        CarinaZ = height * random.Uniform(0.5, 0.58);

        MidlineX = random.Uniform(-4, 6);
        VertebralRadiusX = random.Uniform(16, 21) * (0.9 + (0.2 * Size));
        VertebralRadiusY = VertebralRadiusX * random.Uniform(0.75, 0.85);
        VertebralY = CavityPosterior - (VertebralRadiusY * random.Uniform(0.15, 0.5));
        TracheaRadius = random.Uniform(7.5, 10.5);
        TracheaY = VertebralY - VertebralRadiusY - random.Uniform(12, 18) - TracheaRadius;
        BandAnterior = random.Uniform(3, 7);
        BandMiddle = random.Uniform(12, 20);
        BandWobble = random.Uniform(0.5, 3);
        BandPhase = random.Uniform(0, 2 * Math.PI);
        BandUpper = random.Uniform(3, 10);

        ParenchymaHu = Smooth.Lerp(-760, -890, Inspiration) + random.Uniform(-20, 20);
        DensityGradient = random.Uniform(20, 90) * (1.2 - (0.5 * Inspiration));
        FatHu = random.Uniform(-115, -85);
        MuscleHu = random.Uniform(38, 55);

        if (random.Chance(0.45))
        {
            var z = CarinaZ - random.Uniform(30, 70);
            var across = random.Uniform(60, 85);
            var forward = random.Uniform(20, 45) * (0.5 + Fatness);
            var tall = random.Uniform(50, 70);
            var x = random.Uniform(0.35, 0.5) * BodyHalfWidth;
            var y = FrontSurface(x, z) + (forward * 0.3);
            Breasts = [new Ellipsoid(new Vec3(x, y, z), new Vec3(1, 0, 0), across, forward, tall), new Ellipsoid(new Vec3(-x, y, z), new Vec3(1, 0, 0), across, forward, tall)];
        }

        TableGap = random.Uniform(0, 3);
        TablePad = random.Chance(0.5) ? random.Uniform(5, 25) : 0;
        TableCurvature = random.Uniform(0.0002, 0.0007);
        TableThickness = random.Uniform(30, 50);
        LowestLungZ = FindLowestLungZ();
    }

    public double Size { get; }

    public double Fatness { get; }

    public double Inspiration { get; }

    public double BodyHalfWidth { get; }

    public double BodyAnterior { get; }

    public double BodyPosterior { get; }

    public double BodySquareness { get; }

    public double Fat { get; }

    public double Muscle { get; }

    public double RibZone { get; }

    public double ShoulderWidening { get; }

    public double Belly { get; }

    public double CavityHalfWidth { get; }

    public double CavityAnterior { get; }

    public double CavityPosterior { get; }

    public double CavitySquareness { get; }

    public double DomeY { get; }

    public double DomeKx { get; }

    public double DomeKyAnterior { get; }

    public double DomeKyPosterior { get; }

    public double ApexY { get; }

    public double ApexK { get; }

    public double CarinaZ { get; }

    public double MidlineX { get; }

    public double VertebralRadiusX { get; }

    public double VertebralRadiusY { get; }

    public double VertebralY { get; }

    public double TracheaRadius { get; }

    public double TracheaY { get; }

    public double BandAnterior { get; }

    public double BandMiddle { get; }

    public double BandWobble { get; }

    public double BandPhase { get; }

    public double BandUpper { get; }

    public double ParenchymaHu { get; }

    public double DensityGradient { get; }

    public double FatHu { get; }

    public double MuscleHu { get; }

    public IReadOnlyList<Ellipsoid> Breasts { get; } = [];

    public double TableGap { get; }

    public double TablePad { get; }

    public double TableCurvature { get; }

    public double TableThickness { get; }

    /// <summary>The bottom of the deepest costophrenic recess.</summary>
    public double LowestLungZ { get; }

    public double HighestLungZ => Math.Max(_apexZ[0], _apexZ[1]);

    public double DomeZ(LungSide side) => _domeZ[Index(side)];

    public LungSide SideOf(double x) => x >= MidlineX ? LungSide.Left : LungSide.Right;

    public TrunkSection Body(double z)
    {
        var shoulders = Smooth.Step(HighestLungZ - 60, HighestLungZ + 40, z);
        var belly = Smooth.Step(_domeZ[1], _domeZ[1] - 150, z);
        return new TrunkSection(BodyHalfWidth * (1 + (ShoulderWidening * shoulders)), BodyAnterior * (1 + (Belly * belly)), BodyPosterior, BodySquareness);
    }

    /// <summary>The inside of the ribs, narrowing towards the thoracic inlet.</summary>
    public TrunkSection Cavity(double z)
    {
        var inlet = Smooth.Step(HighestLungZ - 100, HighestLungZ + 15, z);
        return new TrunkSection(CavityHalfWidth * (1 - (0.32 * inlet)), CavityAnterior * (1 - (0.18 * inlet)), CavityPosterior * (1 - (0.1 * inlet)), CavitySquareness);
    }

    /// <summary>Half the width of the mediastinum between the lungs at depth <paramref name="y"/>: thin in front, wide around trachea and oesophagus.</summary>
    public double BandHalfWidth(double y, double z) =>
        Smooth.Lerp(BandAnterior, BandMiddle, Smooth.Step(TracheaY - 50, TracheaY - 20, y))
        + (BandWobble * Math.Sin((y / 23) + BandPhase))
        + (BandUpper * Smooth.Step(CarinaZ - 20, CarinaZ + 40, z));

    /// <summary>The lung parenchyma's HU at depth <paramref name="y"/>: denser towards the back (dependent lung).</summary>
    public float ParenchymaAt(double y)
    {
        var t = Math.Clamp((y + CavityAnterior) / (CavityAnterior + CavityPosterior), 0, 1);
        return (float)(ParenchymaHu + (DensityGradient * (t - 0.5)));
    }

    /// <summary>Height of the diaphragm under (x, y): two domes, blended across the midline.</summary>
    public double Diaphragm(double x, double y) => Diaphragm(x, y, out _);

    /// <summary>Height of the diaphragm under (x, y) and the square of its slope there.</summary>
    public double Diaphragm(double x, double y, out double slopeSquared)
    {
        var dy = y - DomeY;
        var ky = dy > 0 ? DomeKyPosterior : DomeKyAnterior;
        var left = Dome(0, x, dy, ky, out var gxLeft);
        var right = Dome(1, x, dy, ky, out var gxRight);
        var w = Smooth.Step(MidlineX - 25, MidlineX + 25, x);
        var gx = Smooth.Lerp(gxRight, gxLeft, w);
        var gy = 2 * ky * dy;
        slopeSquared = (gx * gx) + (gy * gy);
        return Smooth.Lerp(right, left, w);
    }

    private double Dome(int side, double x, double dy, double ky, out double gx)
    {
        var dx = x - _domeX[side];
        gx = 2 * DomeKx * dx;
        return _domeZ[side] - (DomeKx * dx * dx) - (ky * dy * dy);
    }

    /// <summary>
    /// Signed distance (positive inside) to the lung on the side of <paramref name="x"/>, given the
    /// mediastinum's half-width at this row and <paramref name="bound"/>: the distance inside the
    /// cavity and away from the organs around the lungs, whichever is smaller (both change slowly
    /// along z, so slices compute it once). Once the distance is known to be below
    /// <paramref name="floor"/> the remaining terms are skipped: the result is then only known to be
    /// below the floor, which is all that the coverage of a pixel needs.
    /// </summary>
    public double LungSignedDistance(double x, double y, double z, double band, double bound, double floor = double.NegativeInfinity)
    {
        var s = x >= MidlineX ? 0 : 1;
        var sd = Math.Min(bound, Math.Abs(x - MidlineX) - band);
        if (sd < floor)
        {
            return sd;
        }

        var ax = x - _apexX[s];
        var ay = y - ApexY;
        var rho2 = (ax * ax) + (ay * ay);
        sd = Math.Min(sd, (_apexZ[s] - (ApexK * rho2) - z) / Math.Sqrt(1 + (4 * ApexK * ApexK * rho2)));
        if (sd < floor)
        {
            return sd;
        }

        var bottom = Diaphragm(x, y, out var slope2);
        return Math.Min(sd, (z - bottom) / Math.Sqrt(1 + slope2));
    }

    /// <summary>
    /// Paints what changes slowly along z: air, body layers, breasts, the cavity's fill (fat above
    /// the diaphragm, abdomen below) and the table.
    /// </summary>
    public void PaintBackground(in PlaneRaster raster, double z, Span<float> values, ReadOnlySpan<float> cavityDistances, float abdomenHu)
    {
        var body = Body(z);
        var breasts = Breasts.Where(b => Math.Abs(z - b.Center.Z) < b.Extent.Z).ToArray();

        // Mediastinal fat, turning into the soft tissue of the neck's base above the lung apices.
        var inletFill = (float)Smooth.Lerp(FatHu, 25, Smooth.Step(HighestLungZ - 40, HighestLungZ + 10, z));

        // The body is symmetric and convex along each row: beyond its half-width on this and the
        // neighbouring rows (plus a pixel) lies only air, which needs no distance.
        var halfWidths = new double[raster.Rows];
        for (var row = 0; row < raster.Rows; row++)
        {
            halfWidths[row] = HalfWidthAt(body, raster.Y(row));
        }

        for (var row = 0; row < raster.Rows; row++)
        {
            var y = raster.Y(row);
            var line = values.Slice(row * raster.Columns, raster.Columns);
            var fat = Fat * (y > 0 ? 1 : 0.7);
            var reach = Math.Max(halfWidths[row], Math.Max(halfWidths[Math.Max(row - 1, 0)], halfWidths[Math.Min(row + 1, raster.Rows - 1)])) + raster.Spacing;
            for (var column = 0; column < raster.Columns; column++)
            {
                var x = raster.X(column);
                if (Math.Abs(x) > reach)
                {
                    line[column] = Outside(x, y, z, breasts);
                    continue;
                }

                var bodyDistance = body.SignedDistance(x, y);
                var inBody = raster.Coverage(bodyDistance);
                if (inBody <= 0)
                {
                    line[column] = Outside(x, y, z, breasts);
                    continue;
                }

                var depth = -bodyDistance;
                float tissue = depth < SkinMm ? 20 : depth < fat ? (float)FatHu : (float)MuscleHu;
                if (depth > fat && cavityDistances[(row * raster.Columns) + column] < 0)
                {
                    // The diaphragm's muscle lies on the abdomen; where no lung covers it, it shows as a soft-tissue rim.
                    var floor = Diaphragm(x, y);
                    tissue = z > floor + 5 ? inletFill : z > floor - 4 ? (float)MuscleHu : abdomenHu;
                }

                line[column] = -1000 + ((tissue + 1000) * inBody);
            }
        }
    }

    private float Outside(double x, double y, double z, Ellipsoid[] breasts)
    {
        const float Air = -1000;
        foreach (var breast in breasts)
        {
            if (Math.Abs(x - breast.Center.X) > breast.Extent.X || Math.Abs(y - breast.Center.Y) > breast.Extent.Y)
            {
                continue;
            }

            var d = breast.SignedDistance(x, y, z);
            if (d < 0)
            {
                return d > -SkinMm ? 20 : breast.Scaled(0.55).SignedDistance(x, y, z) < 0 ? -30 : (float)FatHu;
            }
        }

        var top = BodyPosterior + TableGap - (TableCurvature * x * x);
        if (Math.Abs(x) > 230 || y < top)
        {
            return Air;
        }

        var below = y - top;
        return below < TablePad ? -850
            : below < TablePad + 2 ? 350
            : below < TablePad + TableThickness - 2 ? -960
            : below < TablePad + TableThickness ? 350
            : Air;
    }

    /// <summary>Half the width of <paramref name="section"/> at depth y; -1 where the row misses it.</summary>
    private static double HalfWidthAt(in TrunkSection section, double y)
    {
        if (section.SignedDistance(0, y) >= 0)
        {
            return -1;
        }

        double inside = 0, outside = section.HalfWidth + 1;
        for (var i = 0; i < 30; i++)
        {
            var mid = (inside + outside) / 2;
            if (section.SignedDistance(mid, y) < 0)
            {
                inside = mid;
            }
            else
            {
                outside = mid;
            }
        }

        return outside;
    }

    /// <summary>The y of the body's front surface at (x, z).</summary>
    private double FrontSurface(double x, double z)
    {
        var body = Body(z);
        double inside = 0, outside = -400;
        for (var i = 0; i < 40; i++)
        {
            var mid = (inside + outside) / 2;
            if (body.SignedDistance(x, mid) < 0)
            {
                inside = mid;
            }
            else
            {
                outside = mid;
            }
        }

        return inside;
    }

    /// <summary>The lowest z any lung reaches: the hemidiaphragm's depth sampled over the cavity.</summary>
    private double FindLowestLungZ()
    {
        var lowest = double.PositiveInfinity;
        var cavity = Cavity(0);
        for (var x = -CavityHalfWidth; x <= CavityHalfWidth; x += 4)
        {
            for (var y = -CavityAnterior; y <= CavityPosterior; y += 4)
            {
                if (cavity.SignedDistance(x, y) < 0 && Math.Abs(x - MidlineX) > BandMiddle + 3)
                {
                    lowest = Math.Min(lowest, Diaphragm(x, y));
                }
            }
        }

        return lowest;
    }

    private static int Index(LungSide side) => side == LungSide.Left ? 0 : 1;
}
