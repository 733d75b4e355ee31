using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.PostProcessing;

public sealed class MergeIndexTests
{
    [Fact]
    public void Find_NearASmallAndALargeLeader_TheEarlierOne()
    {
        var index = new MergeIndex(1);
        var small = index.Add(new Vector3D(10, 0, 0), 1);
        index.Add(new Vector3D(0, 0, 0), 20);

        Assert.Equal(small, index.Find(new Vector3D(9.5, 0, 0), 0.5));
    }

    [Fact]
    public void Find_LargeLeaderFirst_TheLargeLeaderAlthoughASmallOneIsNearer()
    {
        var index = new MergeIndex(1);
        var large = index.Add(new Vector3D(0, 0, 0), 20);
        index.Add(new Vector3D(10, 0, 0), 1);

        Assert.Equal(large, index.Find(new Vector3D(9.5, 0, 0), 0.5));
    }

    [Fact]
    public void Find_LeaderInTheNeighbouringCell_Found()
    {
        var index = new MergeIndex(1);
        index.Add(new Vector3D(-0.1, 3.9, -4.1), 1.5);

        Assert.Equal(0, index.Find(new Vector3D(0.1, 4.1, -3.9), 0.1));
        Assert.Equal(-1, index.Find(new Vector3D(0.1, 5.5, -3.9), 0.1));
    }

    [Fact]
    public void Find_ComponentLargerThanTheLeader_ItsOwnRadiusReaches()
    {
        var index = new MergeIndex(1);
        index.Add(new Vector3D(0, 0, 0), 0.5);

        Assert.Equal(0, index.Find(new Vector3D(0, 0, 11), 12));
        Assert.Equal(-1, index.Find(new Vector3D(0, 0, 11), 10));
    }

    [Fact]
    public void Find_FactorZero_NeverJoins()
    {
        var index = new MergeIndex(0);
        index.Add(Vector3D.Zero, 5);

        Assert.Equal(-1, index.Find(Vector3D.Zero, 5));
    }
}
