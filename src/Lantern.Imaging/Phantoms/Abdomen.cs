using Lantern.Imaging.Anatomy;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// The upper abdomen under the diaphragm: liver, spleen, stomach with its air cap, kidneys and a
/// colon with gas. The gas matters: air below the diaphragm must not be taken for lung.
/// </summary>
internal sealed class Abdomen
{
    private readonly Thorax _thorax;
    private readonly (Ellipsoid Shape, float Hu)[] _organs;
    private readonly Ellipsoid _stomach;
    private readonly double _gasLevel;
    private readonly float _stomachHu;
    private readonly TubeSet _colon;
    private readonly TubeLayer[] _colonLayers;

    public Abdomen(Thorax thorax, bool contrast, PhantomRandom random)
    {
        _thorax = thorax;
        var m = thorax.MidlineX;
        var w = thorax.CavityHalfWidth;
        var front = thorax.CavityAnterior;
        var back = thorax.CavityPosterior;
        var rightDome = thorax.DomeZ(LungSide.Right);
        var leftDome = thorax.DomeZ(LungSide.Left);
        FillHu = (float)thorax.FatHu;
        var liver = new Ellipsoid(new Vec3(m - (0.3 * w), 0.1 * back, rightDome - 80), new Vec3(1, 0, 0.15), 0.95 * w, 0.85 * (front + back) / 2, 100);
        var spleen = new Ellipsoid(new Vec3(m + (0.62 * w), 0.45 * back, leftDome - 50), new Vec3(0.6, 1, 0), 55, 28, 50);
        var kidneyZ = rightDome - random.Uniform(100, 130);
        var kidneyX = thorax.VertebralRadiusX + 42;
        var kidneyY = thorax.VertebralY - 5;
        var kidneyLeft = new Ellipsoid(new Vec3(kidneyX, kidneyY, kidneyZ + 10), new Vec3(0, 0.3, 1), 55, 28, 22);
        var kidneyRight = new Ellipsoid(new Vec3(-kidneyX, kidneyY, kidneyZ), new Vec3(0, 0.3, 1), 55, 28, 22);
        _organs =
        [
            (liver, contrast ? (float)random.Uniform(95, 125) : (float)random.Uniform(50, 65)),
            (spleen, contrast ? (float)random.Uniform(105, 135) : (float)random.Uniform(42, 52)),
            (kidneyLeft, contrast ? 160f : 32f),
            (kidneyRight, contrast ? 160f : 32f),
        ];

        _stomach = new Ellipsoid(new Vec3(m + (0.35 * w), -0.2 * front, leftDome - 45), new Vec3(1, -0.3, 0.3), 55, 42, 50);
        var gas = random.Chance(0.8) ? random.Uniform(0.05, 0.6) : 0;
        _gasLevel = _stomach.Center.Y - _stomach.Extent.Y + (2 * _stomach.Extent.Y * gas * 0.5);
        _stomachHu = (float)random.Uniform(5, 30);

        var colon = random.Uniform(16, 24);
        Vec3[] course =
        [
            new(m + (0.7 * w), back * 0.2, leftDome - 130),
            new(m + (0.7 * w), -0.1 * front, leftDome - 45),
            new(m + (0.6 * w), -0.5 * front, leftDome - 75),
            new(m, -0.7 * front, rightDome - 100),
            new(m - (0.6 * w), -0.4 * front, rightDome - 80),
            new(m - (0.7 * w), 0, rightDome - 95),
            new(m - (0.7 * w), back * 0.2, rightDome - 170),
        ];
        _colon = new TubeSet(TubePath.Through(course, colon, colon));
        _colonLayers = [new TubeLayer(1, 0, 40), new TubeLayer(1, -2.5, random.Chance(0.65) ? -1000 : (float)random.Uniform(-80, 20))];
    }

    /// <summary>What fills the abdomen between organs (fat).</summary>
    public float FillHu { get; }

    /// <summary>Paints the organs where they lie inside the cavity and under the diaphragm.</summary>
    public void Paint(in PlaneRaster raster, double z, Span<float> values, Span<float> scratch)
    {
        if (z > _thorax.DomeZ(LungSide.Right) + 5 && z > _thorax.DomeZ(LungSide.Left) + 5)
        {
            return;
        }

        // Organs first into a copy, then kept only under the diaphragm and inside the cavity.
        values.CopyTo(scratch);
        foreach (var (shape, hu) in _organs)
        {
            Mediastinum.PaintEllipsoid(raster, z, shape, scratch, hu);
        }

        Mediastinum.PaintEllipsoid(raster, z, _stomach, scratch, 40);
        Mediastinum.PaintEllipsoid(raster, z, _stomach.Grown(-3), scratch, _stomachHu);
        PaintStomachGas(raster, z, scratch);
        foreach (var layer in _colonLayers)
        {
            _colon.Paint(raster, z, scratch, layer);
        }

        var cavity = _thorax.Cavity(z);
        for (var row = 0; row < raster.Rows; row++)
        {
            var y = raster.Y(row);
            for (var column = 0; column < raster.Columns; column++)
            {
                var index = (row * raster.Columns) + column;
                if (scratch[index] == values[index])
                {
                    continue;
                }

                var x = raster.X(column);
                if (cavity.SignedDistance(x, y) < 0 && z < _thorax.Diaphragm(x, y) - 4)
                {
                    values[index] = scratch[index];
                }
            }
        }
    }

    private void PaintStomachGas(in PlaneRaster raster, double z, Span<float> values)
    {
        var gas = _stomach.Grown(-3);
        if (Math.Abs(z - gas.Center.Z) > gas.Extent.Z)
        {
            return;
        }

        var window = PixelWindow.Around(raster, gas.Center.X - gas.Extent.X, gas.Center.X + gas.Extent.X, gas.Center.Y - gas.Extent.Y, _gasLevel);
        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = raster.Y(row);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var coverage = raster.Coverage(gas.SignedDistance(raster.X(column), y, z));
                if (coverage > 0)
                {
                    var index = (row * raster.Columns) + column;
                    values[index] = TubeSet.Blend(values[index], -1000, coverage, BlendMode.Cover);
                }
            }
        }
    }
}
