namespace Lantern.Inference.Manifests;

/// <summary>
/// The manifest's <c>findingSuppression</c>: once every finding is scored, findings are taken highest score first,
/// and one whose centre lies closer than <see cref="DistanceMm"/>, or than <see cref="LongAxisFactor"/> times half
/// the long axis of a finding already taken, to that finding's centre is dropped. A nodule's fringe, a blob on the
/// edge of a larger candidate, and a knot of blobs at one vessel crossing would otherwise each cost a false
/// positive, and a reader would see one place marked several times.
/// </summary>
public sealed record FindingSuppression
{
    /// <summary>Within this distance of a kept finding's centre, mm, a finding is dropped whatever their sizes.</summary>
    public required double DistanceMm { get; init; }

    /// <summary>Times the kept finding's long-axis radius, for findings larger than <see cref="DistanceMm"/> reaches.</summary>
    public required double LongAxisFactor { get; init; }

    internal IEnumerable<string> Problems()
    {
        if (!(DistanceMm >= 0 && double.IsFinite(DistanceMm)) || !(LongAxisFactor >= 0 && double.IsFinite(LongAxisFactor)))
        {
            yield return "findingSuppression.distanceMm and .longAxisFactor must be finite and zero or more";
        }
    }
}
