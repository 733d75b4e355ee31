using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class FindingSuppressorTests
{
    private static readonly FindingSuppression TenMm = new() { DistanceMm = 10, LongAxisFactor = 1.5 };

    [Fact]
    public void Suppress_FindingNearABetterOne_DropsIt()
    {
        var best = Finding(0, score: 0.9, diameter: 4);
        var near = Finding(9.9, score: 0.5, diameter: 4);
        var apart = Finding(10.1, score: 0.4, diameter: 4);

        var kept = FindingSuppressor.Suppress([near, apart, best], TenMm);

        Assert.Equal([best, apart], kept);
    }

    [Fact]
    public void Suppress_LargeFinding_ReachesItsLongAxisTimesTheFactor()
    {
        var large = Finding(0, score: 0.9, diameter: 20);
        var fringe = Finding(14.9, score: 0.8, diameter: 3);
        var beyond = Finding(15.1, score: 0.7, diameter: 3);

        var kept = FindingSuppressor.Suppress([large, fringe, beyond], TenMm);

        Assert.Equal([large, beyond], kept);
    }

    [Fact]
    public void Suppress_OnlyAKeptFindingSuppresses()
    {
        // The middle one falls to the first; the last lies within 10 mm of the middle only, so it stays.
        var first = Finding(0, score: 0.9, diameter: 4);
        var middle = Finding(8, score: 0.8, diameter: 4);
        var last = Finding(16, score: 0.7, diameter: 4);

        var kept = FindingSuppressor.Suppress([first, middle, last], TenMm);

        Assert.Equal([first, last], kept);
    }

    private static NoduleFinding Finding(double x, double score, double diameter) =>
        new(new Vector3D(x, 0, 0), Vector3D.Zero, new BoundingBox(0, 0, 0, 0, 0, 0, Vector3D.Zero, Vector3D.Zero), diameter, diameter, 10, 0, LungSide.Left, score, score, score, 1);
}
