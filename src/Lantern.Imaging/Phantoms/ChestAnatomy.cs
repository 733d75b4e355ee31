namespace Lantern.Imaging.Phantoms;

/// <summary>One patient: trunk and lungs, skeleton, mediastinum, upper abdomen and the pulmonary trees, all from the anatomy stream of one seed.</summary>
internal sealed class ChestAnatomy
{
    public ChestAnatomy(ulong seed, bool contrast)
    {
        var random = new PhantomRandom(seed, PhantomStreams.Anatomy);
        Thorax = new Thorax(random);
        Skeleton = new Skeleton(Thorax, random);
        Mediastinum = new Mediastinum(Thorax, contrast, random);
        Abdomen = new Abdomen(Thorax, contrast, random);
        Trees = new PulmonaryTrees(this, random);
    }

    public Thorax Thorax { get; }

    public Skeleton Skeleton { get; }

    public Mediastinum Mediastinum { get; }

    public Abdomen Abdomen { get; }

    public PulmonaryTrees Trees { get; }

    /// <summary>
    /// Signed distance to the lung at <paramref name="p"/> (positive inside), the same function the
    /// slices use; <paramref name="threshold"/> lets the organ exclusion be skipped where the cheap
    /// bounds already put the point below it.
    /// </summary>
    public double LungSignedDistance(Vec3 p, double threshold = double.NegativeInfinity)
    {
        var band = Thorax.BandHalfWidth(p.Y, p.Z);
        var cheap = Thorax.LungSignedDistance(p.X, p.Y, p.Z, band, -Thorax.Cavity(p.Z).SignedDistance(p.X, p.Y));
        if (cheap < threshold)
        {
            return cheap;
        }

        var exclusion = Math.Min(Mediastinum.ExclusionDistance(p), Skeleton.ExclusionDistance(p));
        return Math.Min(cheap, exclusion);
    }
}
