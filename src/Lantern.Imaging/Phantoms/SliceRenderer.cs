namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Draws slices of one phantom; holds the buffers, so use one per thread. A slice is the mean of
/// thin planes across its thickness (partial volume along z), each plane painted back to front:
/// trunk and abdomen (drawn once per slice, they change slowly), mediastinum, lungs, vessels and
/// bronchi, nodules, bones. The mean is blurred (the reconstruction kernel), sharpened for sharp
/// kernels, given correlated noise from the slice's own stream, and rounded to HU.
/// </summary>
internal sealed class SliceRenderer
{
    private const double PlanePitchMm = 0.7;
    private const float Outside = -1e6f;

    // Planes this close to the slice's centre share its cavity and exclusion distances.
    private const double BoundReuseMm = 0.7;

    private readonly ChestPhantom _phantom;
    private readonly ChestAnatomy _anatomy;
    private readonly PlaneRaster _raster;
    private readonly float[] _background;
    private readonly float[] _plane;
    private readonly float[] _sum;
    private readonly float[] _lung;
    private readonly float[] _cavity;
    private readonly float[] _centerBound;
    private readonly float[] _planeBound;
    private readonly float[] _scratch;
    private readonly float[] _noise;
    private readonly float[] _parenchyma;
    private readonly TubeLayer _spiculeLayer = new(1, 0, 40);
    private readonly double[] _planeOffsets;

    public SliceRenderer(ChestPhantom phantom)
    {
        _phantom = phantom;
        _anatomy = phantom.Anatomy;
        var g = phantom.Geometry;
        _raster = new PlaneRaster(g.Columns, g.Rows, g.OriginX - phantom.Offset.X, g.OriginY - phantom.Offset.Y, g.PixelSpacingMm);
        var count = _raster.PixelCount;
        _background = new float[count];
        _plane = new float[count];
        _sum = new float[count];
        _lung = new float[count];
        _cavity = new float[count];
        _centerBound = new float[count];
        _planeBound = new float[count];
        _scratch = new float[new[] { phantom.Blur, phantom.EdgeBlur, phantom.NoiseBlur }.Max(b => b?.ScratchLength(g.Columns, g.Rows) ?? count)];
        _noise = new float[count];
        _parenchyma = new float[g.Rows];
        for (var row = 0; row < g.Rows; row++)
        {
            _parenchyma[row] = _anatomy.Thorax.ParenchymaAt(_raster.Y(row));
        }

        var planes = Math.Max(1, (int)Math.Ceiling((g.SliceThicknessMm / PlanePitchMm) - 1e-9));
        _planeOffsets = new double[planes];
        for (var j = 0; j < planes; j++)
        {
            _planeOffsets[j] = g.SliceThicknessMm * (((j + 0.5) / planes) - 0.5);
        }
    }

    public void Render(int slice, Span<short> hu, Span<byte> labels)
    {
        var z = _phantom.Geometry.SliceZ(slice) - _phantom.Offset.Z;
        ComputeBound(z, _centerBound, _cavity);
        _anatomy.Thorax.PaintBackground(_raster, z, _background, _cavity, _anatomy.Abdomen.FillHu);
        _anatomy.Abdomen.Paint(_raster, z, _background, _scratch);
        Array.Clear(_sum);
        foreach (var offset in _planeOffsets)
        {
            PaintPlane(z, offset);
            for (var i = 0; i < _sum.Length; i++)
            {
                _sum[i] += _plane[i];
            }
        }

        var scale = 1f / _planeOffsets.Length;
        for (var i = 0; i < _sum.Length; i++)
        {
            _sum[i] *= scale;
        }

        Reconstruct(slice, hu);
        Label(z, labels);
    }

    public void RenderLabels(int slice, Span<byte> labels)
    {
        var z = _phantom.Geometry.SliceZ(slice) - _phantom.Offset.Z;
        ComputeBound(z, _centerBound, null);
        Label(z, labels);
    }

    /// <summary>Labels at the slice's centre plane: lung by side, then nodules (inside the lung) over them.</summary>
    private void Label(double z, Span<byte> labels)
    {
        ComputeLung(z, _centerBound);
        var midline = _anatomy.Thorax.MidlineX;
        for (var row = 0; row < _raster.Rows; row++)
        {
            for (var column = 0; column < _raster.Columns; column++)
            {
                var index = (row * _raster.Columns) + column;
                labels[index] = _lung[index] < 0 ? PhantomLabels.Background
                    : _raster.X(column) >= midline ? PhantomLabels.LeftLung : PhantomLabels.RightLung;
            }
        }

        foreach (var nodule in _phantom.NoduleModels)
        {
            var shape = nodule.Shape;
            if (!Window(shape, z, out var window))
            {
                continue;
            }

            for (var row = window.RowStart; row < window.RowEnd; row++)
            {
                var y = _raster.Y(row);
                for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
                {
                    var index = (row * _raster.Columns) + column;
                    if (_lung[index] >= 0 && shape.SignedDistance(_raster.X(column), y, z) <= 0)
                    {
                        labels[index] = PhantomLabels.Nodule;
                    }
                }
            }
        }
    }

    private void PaintPlane(double center, double offset)
    {
        var z = center + offset;
        _background.CopyTo(_plane, 0);

        // Cavity and organs around the lungs change slowly along z: their distances at the centre serve planes near it.
        var bound = _centerBound;
        if (Math.Abs(offset) > BoundReuseMm)
        {
            ComputeBound(z, _planeBound, null);
            bound = _planeBound;
        }

        var window = ComputeLung(z, bound);
        _anatomy.Mediastinum.Paint(_raster, z, _plane);
        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var parenchyma = _parenchyma[row];
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var index = (row * _raster.Columns) + column;
                var coverage = _raster.Coverage(-_lung[index]);
                if (coverage > 0)
                {
                    _plane[index] = TubeSet.Blend(_plane[index], parenchyma, coverage, BlendMode.Cover);
                }
            }
        }

        _anatomy.Trees.Paint(_raster, z, _plane);
        _phantom.Spicules.Paint(_raster, z, _plane, _spiculeLayer);
        PaintNodules(z);
        _anatomy.Skeleton.Paint(_raster, z, _plane);
    }

    /// <summary>
    /// Fills <paramref name="bound"/> with the smaller of the depth inside the cavity and the distance
    /// from the organs the lungs keep away from (no lung where it is negative), and
    /// <paramref name="cavity"/>, when given, with the signed distance to the cavity.
    /// </summary>
    private void ComputeBound(double z, float[] bound, float[]? cavity)
    {
        Array.Fill(bound, Outside);
        if (cavity is not null)
        {
            Array.Fill(cavity, float.PositiveInfinity);
        }
        else if (!HasLung(z))
        {
            return;
        }

        var section = _anatomy.Thorax.Cavity(z);
        var window = CavityWindow(section);
        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = _raster.Y(row);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var index = (row * _raster.Columns) + column;
                var distance = (float)section.SignedDistance(_raster.X(column), y);
                bound[index] = -distance;
                if (cavity is not null)
                {
                    cavity[index] = distance;
                }
            }
        }

        if (HasLung(z))
        {
            _anatomy.Mediastinum.PaintExclusion(_raster, z, bound);
            _anatomy.Skeleton.PaintExclusion(_raster, z, bound);
        }
    }

    /// <summary>Fills <see cref="_lung"/> with the signed distance to the lungs (positive inside) at height z; returns the window that can hold lung.</summary>
    private PixelWindow ComputeLung(double z, float[] bound)
    {
        Array.Fill(_lung, Outside);
        if (!HasLung(z))
        {
            return default;
        }

        var thorax = _anatomy.Thorax;
        var window = CavityWindow(thorax.Cavity(z));
        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = _raster.Y(row);
            var band = thorax.BandHalfWidth(y, z);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var index = (row * _raster.Columns) + column;
                _lung[index] = (float)thorax.LungSignedDistance(_raster.X(column), y, z, band, bound[index], -_raster.Spacing);
            }
        }

        return window;
    }

    private PixelWindow CavityWindow(in TrunkSection cavity)
    {
        var reach = _raster.Spacing;
        return PixelWindow.Around(_raster, -cavity.HalfWidth - reach, cavity.HalfWidth + reach, -cavity.Anterior - reach, cavity.Posterior + reach);
    }

    private bool HasLung(double z) => z >= _anatomy.Thorax.LowestLungZ - 2 && z <= _anatomy.Thorax.HighestLungZ + 2;

    private void PaintNodules(double z)
    {
        foreach (var nodule in _phantom.NoduleModels)
        {
            PaintNoduleShape(nodule.Shape, z, nodule.Hu, nodule.Mode);
            if (nodule.Core is { } core)
            {
                PaintNoduleShape(core, z, nodule.CoreHu, BlendMode.Cover);
            }
        }
    }

    private void PaintNoduleShape(NoduleShape shape, double z, float hu, BlendMode mode)
    {
        if (!Window(shape, z, out var window))
        {
            return;
        }

        for (var row = window.RowStart; row < window.RowEnd; row++)
        {
            var y = _raster.Y(row);
            for (var column = window.ColumnStart; column < window.ColumnEnd; column++)
            {
                var index = (row * _raster.Columns) + column;
                var coverage = _raster.Coverage(shape.SignedDistance(_raster.X(column), y, z)) * _raster.Coverage(-_lung[index]);
                if (coverage > 0)
                {
                    _plane[index] = TubeSet.Blend(_plane[index], hu, coverage, mode);
                }
            }
        }
    }

    private bool Window(NoduleShape shape, double z, out PixelWindow window)
    {
        var reach = shape.Reach + _raster.Spacing;
        var c = shape.Center;
        window = default;
        if (Math.Abs(z - c.Z) > reach)
        {
            return false;
        }

        window = PixelWindow.Around(_raster, c.X - reach, c.X + reach, c.Y - reach, c.Y + reach);
        return !window.IsEmpty;
    }

    /// <summary>Blur, edge enhancement, noise, rounding and the reconstruction circle.</summary>
    private void Reconstruct(int slice, Span<short> hu)
    {
        var columns = _raster.Columns;
        var rows = _raster.Rows;
        _phantom.Blur?.Apply(_sum, columns, rows, _scratch);
        var enhancement = (float)_phantom.Acquisition.EdgeEnhancement;
        if (enhancement > 0 && _phantom.EdgeBlur is { } edgeBlur)
        {
            _sum.CopyTo(_plane, 0);
            edgeBlur.Apply(_plane, columns, rows, _scratch);
            for (var i = 0; i < _sum.Length; i++)
            {
                _sum[i] += enhancement * (_sum[i] - _plane[i]);
            }
        }

        var noiseHu = _phantom.Acquisition.NoiseHu;
        if (noiseHu > 0)
        {
            new PhantomRandom(_phantom.Seed, PhantomStreams.Noise + (ulong)slice).FillNoise(_noise);
            var gain = (float)noiseHu;
            if (_phantom.NoiseBlur is { } noiseBlur)
            {
                noiseBlur.Apply(_noise, columns, rows, _scratch);
                gain = (float)(noiseHu / noiseBlur.SquaredSum);
            }

            for (var i = 0; i < _sum.Length; i++)
            {
                _sum[i] += gain * _noise[i];
            }
        }

        var centerColumn = (columns - 1) / 2.0;
        var centerRow = (rows - 1) / 2.0;
        var circle = Smooth.Square(Math.Min(columns, rows) / 2.0);
        var outsideHu = _phantom.Acquisition.PaddedOutsideFieldOfView ? ChestPhantom.PaddingHu : ChestPhantom.MinimumHu;
        for (var row = 0; row < rows; row++)
        {
            var dy2 = Smooth.Square(row - centerRow);
            for (var column = 0; column < columns; column++)
            {
                var index = (row * columns) + column;
                hu[index] = dy2 + Smooth.Square(column - centerColumn) > circle
                    ? outsideHu
                    : (short)Math.Clamp(Math.Round(_sum[index]), ChestPhantom.MinimumHu, ChestPhantom.MaximumHu);
            }
        }
    }
}
