using Lantern.Imaging.Volumes;

namespace Lantern.Inference.Evaluation;

/// <summary>The Dice coefficient of one label between two label maps on the same grid.</summary>
public static class Dice
{
    private const double PositionToleranceMm = 1e-3;

    /// <summary>
    /// 2·|T ∩ P| / (|T| + |P|) over the voxels holding <paramref name="label"/> in <paramref name="truth"/> (T) and
    /// <paramref name="prediction"/> (P); 1 when neither holds it, as both agree there is none.
    /// </summary>
    /// <exception cref="ArgumentException">The two lie on different grids.</exception>
    public static double Score(Volume<byte> truth, Volume<byte> prediction, byte label)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prediction);
        RequireSameGrid(truth.Geometry, prediction.Geometry);
        long both = 0, inTruth = 0, inPrediction = 0;
        var t = truth.Voxels;
        var p = prediction.Voxels;
        for (var i = 0; i < t.Length; i++)
        {
            var a = t[i] == label;
            var b = p[i] == label;
            inTruth += a ? 1 : 0;
            inPrediction += b ? 1 : 0;
            both += a && b ? 1 : 0;
        }

        return inTruth + inPrediction == 0 ? 1 : 2.0 * both / (inTruth + inPrediction);
    }

    private static void RequireSameGrid(VolumeGeometry a, VolumeGeometry b)
    {
        var same = a.SizeX == b.SizeX && a.SizeY == b.SizeY && a.SizeZ == b.SizeZ
            && Vector3D.MaxDifference(a.Origin, b.Origin) <= PositionToleranceMm
            && Vector3D.MaxDifference(a.Spacing, b.Spacing) <= PositionToleranceMm
            && Vector3D.MaxDifference(a.AxisX, b.AxisX) <= 1e-6
            && Vector3D.MaxDifference(a.AxisY, b.AxisY) <= 1e-6
            && Vector3D.MaxDifference(a.AxisZ, b.AxisZ) <= 1e-6;
        if (!same)
        {
            throw new ArgumentException($"Dice compares voxels of one grid; the truth is on {a}, the prediction on {b}.");
        }
    }
}
