using System.Globalization;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Series;

/// <summary>
/// Orders the frames of one series along the slice normal by Image Position (Patient) and checks that
/// they form a regular grid: no two at one position, each directly "above" the first (no shear from
/// gantry tilt, no stray offsets), and evenly spaced. The slice spacing comes from the positions,
/// never from Slice Thickness, which describes the reconstruction, not the sampling.
/// </summary>
internal static class SliceStack
{
    /// <summary>Positions closer than this along the normal are one position (DS values carry ~16 digits, scanners ~6).</summary>
    private const double DuplicateTolerance = 0.01;

    /// <summary>
    /// Spacings may differ from the typical one by this fraction (plus <see cref="AbsoluteTolerance"/>):
    /// scanners round positions, so spacings jitter by hundredths of a millimetre; a missing slice
    /// doubles one.
    /// </summary>
    private const double RelativeSpacingTolerance = 0.02;

    private const double AbsoluteTolerance = 0.01;

    /// <summary>
    /// In-plane drift (mm) of the last slice from the first's column that counts as gantry tilt; one
    /// tenth of a millimetre is a small fraction of any CT pixel.
    /// </summary>
    private const double ShearTolerance = 0.1;

    private const double PerpendicularTolerance = 1e-3;

    /// <summary>The frames in volume order and the grid they form.</summary>
    /// <exception cref="NotAnalysableException">They do not form a regular grid.</exception>
    public static (FrameHeader[] Ordered, VolumeGeometry Geometry) Arrange(IReadOnlyList<FrameHeader> frames)
    {
        var first = frames[0];
        var row = first.RowDirection!.Value;
        var column = first.ColumnDirection!.Value;
        if (row.Length < 0.5 || column.Length < 0.5)
        {
            throw new NotAnalysableException(NotAnalysableReason.MissingAttribute, $"{first.Describe()}: Image Orientation (Patient) {row} {column} is not made of direction cosines");
        }

        row = row.Normalize();
        column = column.Normalize();
        if (Math.Abs(Vector3D.Dot(row, column)) > PerpendicularTolerance)
        {
            throw new NotAnalysableException(NotAnalysableReason.InconsistentGeometry, $"Image Orientation (Patient) rows {row} and columns {column} are not perpendicular");
        }

        var normal = Vector3D.Cross(row, column).Normalize();
        var ordered = frames
            .OrderBy(f => Vector3D.Dot(f.Position!.Value, normal))
            .ThenBy(f => f.InstanceNumber ?? int.MaxValue)
            .ToArray();
        var distances = ordered.Select(f => Vector3D.Dot(f.Position!.Value, normal)).ToArray();

        CheckDuplicates(ordered, distances);
        CheckStacked(ordered, distances, normal);
        var spacing = CheckSpacing(distances);

        var (betweenRows, betweenColumns) = first.PixelSpacing!.Value;
        var geometry = new VolumeGeometry(
            first.Columns,
            first.Rows,
            ordered.Length,
            new Vector3D(betweenColumns, betweenRows, spacing),
            ordered[0].Position!.Value,
            row,
            column,
            normal);
        return (ordered, geometry);
    }

    private static void CheckDuplicates(FrameHeader[] ordered, double[] distances)
    {
        var clashes = new List<int>();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (distances[i] - distances[i - 1] < DuplicateTolerance)
            {
                clashes.Add(i);
            }
        }

        if (clashes.Count > 0)
        {
            var i = clashes[0];
            throw new NotAnalysableException(
                NotAnalysableReason.DuplicateSlices,
                $"{ordered[i - 1].Describe()} and {ordered[i].Describe()} lie at the same slice position ({Mm(distances[i])} mm along the normal)"
                + (clashes.Count > 1 ? $"; {clashes.Count} such pairs in all" : string.Empty));
        }
    }

    /// <summary>
    /// Each slice's in-plane offset from the first slice's column. Offsets that grow in proportion to
    /// the distance are the shear of a tilted gantry; any other offset means the slices are not one stack.
    /// </summary>
    private static void CheckStacked(FrameHeader[] ordered, double[] distances, Vector3D normal)
    {
        var origin = ordered[0].Position!.Value;
        Vector3D Offset(int i)
        {
            var delta = ordered[i].Position!.Value - origin;
            return delta - (normal * Vector3D.Dot(delta, normal));
        }

        var last = ordered.Length - 1;
        var shearPerMm = Offset(last) / (distances[last] - distances[0]);
        for (var i = 1; i < last; i++)
        {
            var residual = (Offset(i) - (shearPerMm * (distances[i] - distances[0]))).Length;
            if (residual > ShearTolerance)
            {
                throw new NotAnalysableException(
                    NotAnalysableReason.InconsistentGeometry,
                    $"{ordered[i].Describe()} is displaced {Mm(residual)} mm in-plane from the line through the other slices' positions: the slices are not one stack");
            }
        }

        var drift = Offset(last).Length;
        if (drift > ShearTolerance)
        {
            var degrees = Math.Atan(shearPerMm.Length) * 180 / Math.PI;
            throw new NotAnalysableException(
                NotAnalysableReason.GantryTilt,
                $"slices are sheared by {degrees.ToString("0.##", CultureInfo.InvariantCulture)}° from the slice normal "
                + $"({Mm(drift)} mm in-plane over {Mm(distances[last] - distances[0])} mm): gantry tilt is not corrected yet");
        }
    }

    /// <summary>The uniform spacing, from the mean over the whole stack once every gap agrees with the median.</summary>
    private static double CheckSpacing(double[] distances)
    {
        var gaps = new double[distances.Length - 1];
        for (var i = 0; i < gaps.Length; i++)
        {
            gaps[i] = distances[i + 1] - distances[i];
        }

        // The median: a few missing slices do not move it, and alternating jitter averages out.
        var sorted = gaps.Order().ToArray();
        var typical = (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
        var tolerance = (typical * RelativeSpacingTolerance) + AbsoluteTolerance;
        var irregular = Enumerable.Range(0, gaps.Length).Where(i => Math.Abs(gaps[i] - typical) > tolerance).ToList();
        if (irregular.Count > 0)
        {
            var i = irregular[0];
            var ratio = gaps[i] / typical;
            var missing = (int)Math.Round(ratio) - 1;
            var what = missing >= 1 && Math.Abs(ratio - Math.Round(ratio)) * typical <= tolerance
                ? $"{missing} slice(s) missing"
                : "irregular spacing";
            throw new NotAnalysableException(
                NotAnalysableReason.SliceGap,
                $"{what} between slice positions {Mm(distances[i])} and {Mm(distances[i + 1])} mm: {Mm(gaps[i])} mm apart where slices are {Mm(typical)} mm apart elsewhere"
                + (irregular.Count > 1 ? $"; {irregular.Count} irregular intervals in all" : string.Empty));
        }

        return (distances[^1] - distances[0]) / gaps.Length;
    }

    private static string Mm(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
