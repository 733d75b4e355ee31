using Lantern.Imaging.Volumes;
using Lantern.Inference.Evaluation;

namespace Lantern.Inference.Tests.Evaluation;

public sealed class DiceTests
{
    private static readonly VolumeGeometry Grid = VolumeGeometry.Axial(4, 2, 1, new Vector3D(1, 1, 1), Vector3D.Zero);

    [Fact]
    public void Score_HalfOfEachOverlaps_OneHalf()
    {
        var truth = new Volume<byte>(Grid, [1, 1, 1, 1, 0, 0, 0, 0]);
        var prediction = new Volume<byte>(Grid, [0, 0, 1, 1, 1, 1, 0, 0]);

        Assert.Equal(0.5, Dice.Score(truth, prediction, 1));
    }

    [Fact]
    public void Score_OtherLabelsAround_CountsOnlyTheLabel()
    {
        var truth = new Volume<byte>(Grid, [1, 1, 1, 2, 2, 0, 0, 0]);
        var prediction = new Volume<byte>(Grid, [1, 1, 2, 2, 2, 2, 0, 0]);

        Assert.Equal(2.0 * 2 / (3 + 2), Dice.Score(truth, prediction, 1), 12);
        Assert.Equal(2.0 * 2 / (2 + 4), Dice.Score(truth, prediction, 2), 12);
    }

    [Fact]
    public void Score_LabelInNeither_One()
    {
        var empty = new Volume<byte>(Grid);

        Assert.Equal(1.0, Dice.Score(empty, empty, 1));
        Assert.Equal(0.0, Dice.Score(empty, new Volume<byte>(Grid, [1, 0, 0, 0, 0, 0, 0, 0]), 1));
    }

    [Fact]
    public void Score_ShiftedGrids_ThrowsArgumentException()
    {
        var shifted = VolumeGeometry.Axial(4, 2, 1, new Vector3D(1, 1, 1), new Vector3D(0.5, 0, 0));

        Assert.Throws<ArgumentException>(() => Dice.Score(new Volume<byte>(Grid), new Volume<byte>(shifted), 1));
    }

    [Fact]
    public void LungDice_ScansOfKnownOverlap_PerSideAndMean()
    {
        var truth = new Volume<byte>(Grid, [1, 1, 2, 2, 0, 0, 0, 0]);
        var perfect = LungDice.Compute(truth, truth);
        var leftMissed = LungDice.Compute(truth, new Volume<byte>(Grid, [0, 0, 2, 2, 0, 0, 0, 0]));

        var mean = LungDice.Mean([perfect, leftMissed]);

        Assert.Equal(new LungDice(1, 1), perfect);
        Assert.Equal(new LungDice(0, 1), leftMissed);
        Assert.Equal(new LungDice(0.5, 1), mean);
    }
}
