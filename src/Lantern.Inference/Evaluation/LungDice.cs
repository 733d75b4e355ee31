using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Evaluation;

/// <summary>Dice of the left and the right lung (<see cref="LungMask.Left"/>, <see cref="LungMask.Right"/>) in one scan, or their means over scans.</summary>
public sealed record LungDice(double Left, double Right)
{
    /// <exception cref="ArgumentException">The two lie on different grids.</exception>
    public static LungDice Compute(Volume<byte> truth, Volume<byte> prediction) =>
        new(Dice.Score(truth, prediction, LungMask.Left), Dice.Score(truth, prediction, LungMask.Right));

    /// <summary>The mean of each side over scans, each scan weighing the same.</summary>
    /// <exception cref="ArgumentException">No scans.</exception>
    public static LungDice Mean(IReadOnlyCollection<LungDice> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        if (scans.Count == 0)
        {
            throw new ArgumentException("A mean needs at least one scan.", nameof(scans));
        }

        return new LungDice(scans.Average(scan => scan.Left), scans.Average(scan => scan.Right));
    }
}
