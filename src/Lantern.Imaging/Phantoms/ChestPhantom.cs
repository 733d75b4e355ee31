namespace Lantern.Imaging.Phantoms;

/// <summary>
/// A synthetic chest CT: the patient (anatomy and nodules), the image grid and the acquisition,
/// all fixed by the seed and the options. Slices are drawn on demand, each independently of the
/// others, so they can be drawn in parallel and the result never depends on the order.
/// </summary>
public sealed class ChestPhantom
{
    /// <summary>HU of air as the scanner clamps it: the lowest value in the image.</summary>
    public const short MinimumHu = -1024;

    public const short MaximumHu = 3071;

    /// <summary>HU of pixels outside the reconstruction circle when they are padding.</summary>
    public const short PaddingHu = -3024;

    private readonly IReadOnlyList<PhantomNoduleModel> _nodules;

    internal ChestPhantom(
        ulong seed,
        PhantomGeometry geometry,
        PhantomAcquisition acquisition,
        ChestAnatomy anatomy,
        Vec3 offset,
        IReadOnlyList<PhantomNoduleModel> nodules,
        IReadOnlyList<TubeSegment> spicules,
        double noiseGrainMm,
        int requestedNodules)
    {
        Seed = seed;
        Geometry = geometry;
        Acquisition = acquisition;
        Anatomy = anatomy;
        Offset = offset;
        _nodules = nodules;
        Spicules = new TubeSet(spicules);
        RequestedNodules = requestedNodules;
        Nodules = [.. nodules.Select(n => n.Truth)];
        var blur = acquisition.BlurMm / geometry.PixelSpacingMm;
        Blur = blur >= 0.2 ? new GaussianBlur(blur) : null;
        EdgeBlur = acquisition.EdgeEnhancement > 0 ? new GaussianBlur(Math.Max(1, 2 * blur)) : null;
        var grain = noiseGrainMm / geometry.PixelSpacingMm;
        NoiseBlur = grain >= 0.2 ? new GaussianBlur(grain) : null;
    }

    public ulong Seed { get; }

    public PhantomGeometry Geometry { get; }

    public PhantomAcquisition Acquisition { get; }

    /// <summary>The ground truth, in patient LPS millimetres.</summary>
    public IReadOnlyList<PhantomNodule> Nodules { get; }

    /// <summary>How many nodules were asked for (or drawn); more than <see cref="Nodules"/> holds when the scanned lung had no room.</summary>
    public int RequestedNodules { get; }

    /// <summary>The patient's position: patient coordinates = anatomy coordinates + offset.</summary>
    internal Vec3 Offset { get; }

    internal ChestAnatomy Anatomy { get; }

    internal IReadOnlyList<PhantomNoduleModel> NoduleModels => _nodules;

    internal TubeSet Spicules { get; }

    internal GaussianBlur? Blur { get; }

    internal GaussianBlur? EdgeBlur { get; }

    internal GaussianBlur? NoiseBlur { get; }

    /// <summary>
    /// Draws slice <paramref name="index"/>: HU (rows × columns, row-major) and labels
    /// (<see cref="PhantomLabels"/>). For many slices, <see cref="PhantomWriter"/> reuses buffers per thread.
    /// </summary>
    public void RenderSlice(int index, Span<short> hu, Span<byte> labels)
    {
        CheckSlice(index, hu.Length, labels.Length);
        new SliceRenderer(this).Render(index, hu, labels);
    }

    /// <summary>Only the labels of slice <paramref name="index"/> (much cheaper than <see cref="RenderSlice"/>).</summary>
    public void RenderLabels(int index, Span<byte> labels)
    {
        CheckSlice(index, Geometry.Columns * Geometry.Rows, labels.Length);
        new SliceRenderer(this).RenderLabels(index, labels);
    }

    private void CheckSlice(int index, int huLength, int labelLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Geometry.Slices);
        var pixels = Geometry.Columns * Geometry.Rows;
        if (huLength != pixels || labelLength != pixels)
        {
            throw new ArgumentException($"a slice has {pixels} pixels ({Geometry.Rows} rows of {Geometry.Columns}); the buffers hold {huLength} and {labelLength}");
        }
    }
}
