namespace Lantern.Inference.SlidingWindow;

/// <summary>
/// Where patches start along one axis and how much each contributes to each voxel. The patches of a volume are
/// every combination of the three axes' starts and the Gaussian weight is a product of three 1-D Gaussians, so
/// the weights can be normalised per axis: along each axis the weights of the patches covering a voxel sum to 1,
/// and so do their products in 3-D. Blending then needs no weight volume and no division pass.
/// </summary>
internal sealed class PatchAxis
{
    private readonly float[] _weights;

    public PatchAxis(int extent, int patch, double overlap, double sigmaScale)
    {
        Patch = patch;
        Starts = PlaceStarts(extent, patch, overlap);

        var gaussian = new double[patch];
        var centre = (patch - 1) / 2.0;
        var sigma = patch * sigmaScale;
        for (var k = 0; k < patch; k++)
        {
            var d = (k - centre) / sigma;
            gaussian[k] = Math.Exp(-0.5 * d * d);
        }

        var total = new double[extent];
        foreach (var start in Starts)
        {
            for (var k = 0; k < patch && start + k < extent; k++)
            {
                total[start + k] += gaussian[k];
            }
        }

        _weights = new float[Starts.Length * patch];
        for (var i = 0; i < Starts.Length; i++)
        {
            for (var k = 0; k < patch && Starts[i] + k < extent; k++)
            {
                _weights[i * patch + k] = (float)(gaussian[k] / total[Starts[i] + k]);
            }
        }
    }

    public int Patch { get; }

    /// <summary>First voxel of each patch; the last patch ends at the volume's edge unless the volume is smaller.</summary>
    public int[] Starts { get; }

    /// <summary>Weights of the voxels of patch <paramref name="index"/>; zero where the patch overhangs the volume.</summary>
    public ReadOnlySpan<float> Weights(int index) => _weights.AsSpan(index * Patch, Patch);

    /// <summary>How many patches of <paramref name="patch"/> voxels cover <paramref name="extent"/> with at least the overlap.</summary>
    public static int Count(int extent, int patch, double overlap) =>
        extent <= patch ? 1 : (int)Math.Ceiling((extent - patch) / Math.Max(1, patch * (1 - overlap))) + 1;

    /// <summary>
    /// Evenly spread starts with at least the requested overlap, first at 0 and last flush with the far edge (as
    /// nnU-Net places them), so no patch overhangs a volume at least as large as the patch.
    /// </summary>
    private static int[] PlaceStarts(int extent, int patch, double overlap)
    {
        if (extent <= patch)
        {
            return [0];
        }

        var count = Count(extent, patch, overlap);
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = (int)Math.Round((double)i * (extent - patch) / (count - 1));
        }

        return starts;
    }
}
