using Lantern.Inference.Manifests;

namespace Lantern.Inference.SlidingWindow;

/// <summary>How <see cref="SlidingWindowInference"/> tiles a volume; <see cref="FromManifest"/> takes it from a model's manifest.</summary>
public sealed record SlidingWindowOptions
{
    public required string InputName { get; init; }

    public required string OutputName { get; init; }

    /// <summary>Patch extent in voxels; with <see cref="PatchMultiple"/>, the largest.</summary>
    public required GridSize PatchSize { get; init; }

    /// <summary>
    /// Where set, the model takes any patch whose sides are multiples of this, and along each axis the patch is the
    /// smallest multiple that needs no more patches than <see cref="PatchSize"/> would (<see cref="PatchFor"/>).
    /// </summary>
    public int? PatchMultiple { get; init; }

    /// <summary>Output channels of the model.</summary>
    public required int Channels { get; init; }

    /// <summary>Fraction of a patch shared with its neighbour along each axis, in [0, 1).</summary>
    public double Overlap { get; init; } = 0.5;

    /// <summary>Patches per run; a model with a fixed batch dimension overrides it.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// Standard deviation of the Gaussian blending weight as a fraction of the patch extent: 1/8, as nnU-Net and
    /// MONAI use, so a patch's centre counts far more than its edges, where the model saw little context.
    /// </summary>
    public double SigmaScale { get; init; } = 0.125;

    /// <summary>Input value of the voxels a patch covers beyond the volume's edge.</summary>
    public float PaddingValue { get; init; }

    /// <summary>The manifest's patch, overlap, batch, names and channels; padding is the normalised bottom of the HU window.</summary>
    public static SlidingWindowOptions FromManifest(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new SlidingWindowOptions
        {
            InputName = manifest.Input.Name,
            OutputName = manifest.Output.Name,
            PatchSize = manifest.Patch,
            PatchMultiple = manifest.PatchMultiple,
            Channels = manifest.Labels.Count,
            Overlap = manifest.Overlap,
            BatchSize = manifest.BatchSize,
            PaddingValue = manifest.Intensity.Normalize((float)manifest.Intensity.Window[0]),
        };
    }

    /// <summary>
    /// The patch for a volume of <paramref name="volume"/> voxels: <see cref="PatchSize"/>, or with <see cref="PatchMultiple"/>,
    /// along each axis the smallest multiple that covers the volume's extent with as few patches as <see cref="PatchSize"/>
    /// does: fewer voxels to run for the same patches. A volume smaller than the patch gets one patch of its extent rounded
    /// up; a larger one, patches that overlap by little more than <see cref="Overlap"/> asks (344 voxels, patches of up to
    /// 128 overlapping by 1/16: three of 120 sharing 8 voxels, not three of 128 sharing 20).
    /// </summary>
    public GridSize PatchFor(GridSize volume)
    {
        int Side(int largest, int extent)
        {
            if (PatchMultiple is not { } multiple)
            {
                return largest;
            }

            var count = PatchAxis.Count(extent, largest, Overlap);
            var side = multiple;
            while (PatchAxis.Count(extent, side, Overlap) > count)
            {
                side += multiple;
            }

            return side;
        }

        return new GridSize(Side(PatchSize.X, volume.X), Side(PatchSize.Y, volume.Y), Side(PatchSize.Z, volume.Z));
    }

    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (PatchSize.X < 1 || PatchSize.Y < 1 || PatchSize.Z < 1)
        {
            throw new ArgumentException($"Patch size {PatchSize} must be at least one voxel along each axis.");
        }

        if (PatchMultiple is { } multiple && (multiple < 1 || PatchSize.X % multiple != 0 || PatchSize.Y % multiple != 0 || PatchSize.Z % multiple != 0))
        {
            throw new ArgumentException($"Patch multiple {multiple} must be at least 1 and divide each side of the patch {PatchSize}.");
        }

        if (Channels < 1 || BatchSize < 1)
        {
            throw new ArgumentException($"Channels ({Channels}) and batch size ({BatchSize}) must be at least 1.");
        }

        if (Overlap is < 0 or >= 1 || SigmaScale is <= 0 or double.NaN or double.PositiveInfinity)
        {
            throw new ArgumentException($"Overlap {Overlap} must be in [0, 1) and sigma scale {SigmaScale} positive.");
        }
    }
}
