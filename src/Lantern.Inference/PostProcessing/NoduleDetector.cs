using System.Numerics;
using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// Turns a nodule model's probabilities into findings. The voxels at or above the threshold form
/// 26-connected components (a nodule touching itself only at an edge is still one). Each component is
/// measured: centre = probability-weighted mean of its voxel positions (the peak of the model's belief, not
/// the edge the threshold happens to cut); peak probability = its largest probability (its score unless a
/// <see cref="CandidateScoring"/> is given); mean probability; volume = voxels × voxel volume;
/// equivalent diameter = the sphere of that volume; long-axis diameter = the distance between the two voxel
/// centres farthest apart plus one voxel's width along that line, or the bounding box's longest edge if that
/// is larger; mean HU over its voxels; lung fraction = the share of its voxels in the lung mask; side = the
/// lung holding most of its voxels. Components are then taken by peak probability (highest first, then
/// larger, then first in the grid), and one whose centre lies closer than
/// <see cref="NoduleDetectionOptions.MergeDistanceFactor"/> × the larger equivalent radius to the centre of a
/// component already taken merges into it: the merged finding is measured over all its voxels and keeps the
/// higher peak. Findings smaller than <see cref="NoduleDetectionOptions.MinimumDiameterMm"/>, and those wholly
/// outside the lungs by more than <see cref="NoduleDetectionOptions.MaximumDistanceOutsideLungMm"/>, are
/// dropped. The rest are scored, and come by score, highest first; the same input always gives the same list.
/// </summary>
public static class NoduleDetector
{
    /// <summary>
    /// Findings in a nodule model's whole output, with the manifest's channel and threshold for <see cref="NoduleDetectionOptions.Label"/>,
    /// scored by its <see cref="ModelManifest.CandidateScore"/>; where the manifest has a <see cref="ModelManifest.CandidateClassifier"/>,
    /// unscored (by peak probability), for the classifier to look at first.
    /// </summary>
    /// <param name="output">The model's output, channel after channel of the grid of <paramref name="hounsfield"/>: [channels, z, y, x].</param>
    /// <param name="hounsfield">The CT values on the model's grid: the grid of the output.</param>
    /// <param name="lungs">The lungs, on any grid.</param>
    /// <exception cref="ModelManifestException">The manifest has no such label, or no threshold for it.</exception>
    /// <exception cref="ArgumentException">The output does not fill the manifest's channels over the grid, or the options are invalid.</exception>
    public static IReadOnlyList<NoduleFinding> Detect<THu>(ReadOnlySpan<float> output, ModelManifest manifest, Volume<THu> hounsfield, LungMask lungs, NoduleDetectionOptions? options = null)
        where THu : unmanaged, INumberBase<THu>
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(hounsfield);
        options ??= new NoduleDetectionOptions();
        options.Validate();
        var channel = ManifestLabels.Channel(manifest, options.Label);
        if (!manifest.Thresholds.TryGetValue(options.Label, out var threshold))
        {
            throw new ModelManifestException($"Model {manifest.Name} has no threshold for its label '{options.Label}'.");
        }

        var voxels = hounsfield.Voxels.Length;
        if (output.Length != (long)manifest.Labels.Count * voxels)
        {
            throw new ArgumentException($"The output holds {output.Length} values; {manifest.Labels.Count} channels of {voxels} voxels need {(long)manifest.Labels.Count * voxels}.", nameof(output));
        }

        // A score that weighs the classifier's logit is made once the classifier has looked (CandidateClassifierModel).
        return Detect(output.Slice(channel * voxels, voxels), threshold, hounsfield, lungs, options, manifest.CandidateClassifier is null ? manifest.CandidateScore : null);
    }

    /// <summary>Findings in one probability map.</summary>
    /// <param name="probability">The nodule probability of each voxel of the grid of <paramref name="hounsfield"/>, x fastest.</param>
    /// <param name="threshold">Probability at or above which a voxel is a nodule's.</param>
    /// <param name="hounsfield">The CT values on the same grid.</param>
    /// <param name="lungs">The lungs, on any grid.</param>
    /// <param name="scoring">How findings are scored; null scores each by its peak probability.</param>
    /// <exception cref="ArgumentException">The map does not fill the grid, the threshold is not a number, or the options are invalid.</exception>
    public static IReadOnlyList<NoduleFinding> Detect<THu>(ReadOnlySpan<float> probability, double threshold, Volume<THu> hounsfield, LungMask lungs, NoduleDetectionOptions? options = null, CandidateScoring? scoring = null)
        where THu : unmanaged, INumberBase<THu>
    {
        ArgumentNullException.ThrowIfNull(hounsfield);
        ArgumentNullException.ThrowIfNull(lungs);
        options ??= new NoduleDetectionOptions();
        options.Validate();
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold is not a number.");
        }

        var grid = hounsfield.Geometry;
        if (probability.Length != hounsfield.Voxels.Length)
        {
            throw new ArgumentException($"The probability map holds {probability.Length} values, the grid of the CT values {hounsfield.Voxels.Length}.", nameof(probability));
        }

        var components = ConnectedComponents.Find(probability, new GridSize(grid.SizeX, grid.SizeY, grid.SizeZ), (float)threshold, Connectivity.TwentySix);
        var measured = Measure(components, probability, hounsfield.Voxels, lungs, grid);
        var (groups, groupOf) = Merge(measured, grid, options.MergeDistanceFactor);
        var voxelVolume = VoxelVolume(grid);
        var kept = new List<(Candidate Group, LungSide Side)>();
        var keptOf = new int[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            keptOf[g] = -1;
            var group = groups[g];
            if (EquivalentDiameter(group.Voxels * voxelVolume) < options.MinimumDiameterMm || Side(group, grid, lungs, options.MaximumDistanceOutsideLungMm) is not { } side)
            {
                continue;
            }

            keptOf[g] = kept.Count;
            kept.Add((group, side));
        }

        // The farthest pair of voxel centres lies on the component's convex hull, and every hull vertex ends a run.
        var runEnds = new List<VoxelPoint>[kept.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            runEnds[k] = [];
        }

        foreach (var run in components.Runs)
        {
            var k = keptOf[groupOf[run.Label]];
            if (k >= 0)
            {
                runEnds[k].Add(new VoxelPoint(run.Z, run.Y, run.X));
                if (run.Length > 1)
                {
                    runEnds[k].Add(new VoxelPoint(run.Z, run.Y, run.EndX - 1));
                }
            }
        }

        var findings = new NoduleFinding[kept.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            var (group, side) = kept[k];
            var volume = group.Voxels * voxelVolume;
            var centre = group.Centre;
            findings[k] = new NoduleFinding(
                grid.VoxelToPatient(centre),
                centre,
                Box(group, grid),
                LongAxis(runEnds[k], group, grid),
                EquivalentDiameter(volume),
                volume,
                group.Hounsfield / group.Voxels,
                side,
                group.Peak,
                group.Peak,
                group.Weight / group.Voxels,
                (double)(group.LeftVotes + group.RightVotes) / group.Voxels);
        }

        return scoring is null ? findings : scoring.Rank(findings);
    }

    private static double EquivalentDiameter(double volume) => Math.Cbrt(6 * volume / Math.PI);

    private static double VoxelVolume(VolumeGeometry grid) =>
        grid.Spacing.X * grid.Spacing.Y * grid.Spacing.Z * Math.Abs(Vector3D.Dot(grid.AxisX, Vector3D.Cross(grid.AxisY, grid.AxisZ)));

    private static Candidate[] Measure<THu>(ConnectedComponents components, ReadOnlySpan<float> probability, THu[] hounsfield, LungMask lungs, VolumeGeometry grid)
        where THu : unmanaged, INumberBase<THu>
    {
        var candidates = new Candidate[components.Count + 1];
        candidates.AsSpan().Fill(Candidate.Empty);
        var toLungs = new VoxelMap(grid, lungs.Geometry);
        var lungLabels = lungs.Labels.Voxels;
        foreach (var run in components.Runs)
        {
            ref var c = ref candidates[run.Label];
            c.MinX = Math.Min(c.MinX, run.X);
            c.MaxX = Math.Max(c.MaxX, run.EndX - 1);
            c.MinY = Math.Min(c.MinY, run.Y);
            c.MaxY = Math.Max(c.MaxY, run.Y);
            c.MinZ = Math.Min(c.MinZ, run.Z);
            c.MaxZ = Math.Max(c.MaxZ, run.Z);
            var index = components.Index(run);
            for (var i = 0; i < run.Length; i++)
            {
                var position = new Vector3D(run.X + i, run.Y, run.Z);
                double p = probability[index + i];
                c.Voxels++;
                c.Weight += p;
                c.Weighted += position * p;
                c.Sum += position;
                c.Peak = Math.Max(c.Peak, p);
                c.Hounsfield += double.CreateTruncating(hounsfield[index + i]);
                var lung = toLungs.NearestIndex(run.X + i, run.Y, run.Z);
                if (lung >= 0 && lungLabels[lung] == LungMask.Left)
                {
                    c.LeftVotes++;
                }
                else if (lung >= 0 && lungLabels[lung] == LungMask.Right)
                {
                    c.RightVotes++;
                }
            }
        }

        return candidates;
    }

    /// <summary>Groups components, best first, each joining the first group whose leader's centre is near enough; see the class remarks.</summary>
    private static (List<Candidate> Groups, int[] GroupOf) Merge(Candidate[] components, VolumeGeometry grid, double factor)
    {
        var order = new int[components.Length - 1];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i + 1;
        }

        Array.Sort(order, (a, b) =>
        {
            var byPeak = components[b].Peak.CompareTo(components[a].Peak);
            var bySize = byPeak != 0 ? byPeak : components[b].Voxels.CompareTo(components[a].Voxels);
            return bySize != 0 ? bySize : a.CompareTo(b);
        });

        var voxelVolume = VoxelVolume(grid);
        var groups = new List<Candidate>();
        var leaders = new MergeIndex(factor);
        var groupOf = new int[components.Length];
        foreach (var label in order)
        {
            var component = components[label];
            var centre = grid.VoxelToPatient(component.Centre);
            var radius = EquivalentDiameter(component.Voxels * voxelVolume) / 2;
            var group = leaders.Find(centre, radius);
            if (group < 0)
            {
                group = leaders.Add(centre, radius);
                groups.Add(component);
            }
            else
            {
                groups[group] = groups[group].Merge(component);
            }

            groupOf[label] = group;
        }

        return (groups, groupOf);
    }

    /// <summary>The lung with most of the candidate's voxels; on a tie or when none is in a lung, the lung voxel nearest its centre.</summary>
    private static LungSide? Side(Candidate candidate, VolumeGeometry grid, LungMask lungs, double margin)
    {
        if (candidate.LeftVotes != candidate.RightVotes)
        {
            return candidate.LeftVotes > candidate.RightVotes ? LungSide.Left : LungSide.Right;
        }

        var reach = margin;
        if (candidate.LeftVotes > 0)
        {
            // Tied voters lie within the candidate's box, so the search must reach across it.
            var box = Box(candidate, grid);
            reach = Math.Max(margin, box.SizeMm.Length);
        }

        return lungs.NearestSide(grid.VoxelToPatient(candidate.Centre), reach);
    }

    private static BoundingBox Box(Candidate c, VolumeGeometry grid)
    {
        var min = new Vector3D(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        var max = -min;
        for (var corner = 0; corner < 8; corner++)
        {
            var p = grid.VoxelToPatient(
                (corner & 1) == 0 ? c.MinX - 0.5 : c.MaxX + 0.5,
                (corner & 2) == 0 ? c.MinY - 0.5 : c.MaxY + 0.5,
                (corner & 4) == 0 ? c.MinZ - 0.5 : c.MaxZ + 0.5);
            min = new Vector3D(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vector3D(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }

        return new BoundingBox(c.MinX, c.MinY, c.MinZ, c.MaxX, c.MaxY, c.MaxZ, min, max);
    }

    /// <summary>The long-axis diameter; see the class remarks. Of equally distant pairs, the one across which a voxel is widest.</summary>
    private static double LongAxis(List<VoxelPoint> runEnds, Candidate c, VolumeGeometry grid)
    {
        var hull = SliceHulls(runEnds, grid);
        var edgeX = grid.AxisX * grid.Spacing.X;
        var edgeY = grid.AxisY * grid.Spacing.Y;
        var edgeZ = grid.AxisZ * grid.Spacing.Z;
        var farthest = 0.0;
        var width = 0.0;
        for (var i = 0; i < hull.Count; i++)
        {
            for (var j = i + 1; j < hull.Count; j++)
            {
                var d = hull[j] - hull[i];
                var squared = Vector3D.Dot(d, d);
                if (squared < farthest * (1 - 1e-12) || squared == 0)
                {
                    continue;
                }

                var u = d / Math.Sqrt(squared);
                var across = Math.Abs(Vector3D.Dot(u, edgeX)) + Math.Abs(Vector3D.Dot(u, edgeY)) + Math.Abs(Vector3D.Dot(u, edgeZ));
                width = squared > farthest * (1 + 1e-12) ? across : Math.Max(width, across);
                farthest = Math.Max(farthest, squared);
            }
        }

        var longest = Math.Max(
            (c.MaxX - c.MinX + 1) * grid.Spacing.X,
            Math.Max((c.MaxY - c.MinY + 1) * grid.Spacing.Y, (c.MaxZ - c.MinZ + 1) * grid.Spacing.Z));
        return Math.Max(Math.Sqrt(farthest) + width, longest);
    }

    /// <summary>
    /// The patient positions of the vertices of each slice's convex hull of <paramref name="points"/>: a point
    /// inside its slice's hull is inside the component's hull too, so the farthest pair is among these, and a
    /// component of thousands of rows costs pairs of its outline rather than of its rows. Andrew's monotone
    /// chain in voxel indices, which the grid maps to patient space affinely within a slice.
    /// </summary>
    private static List<Vector3D> SliceHulls(List<VoxelPoint> points, VolumeGeometry grid)
    {
        points.Sort();
        var hull = new List<Vector3D>();
        var chain = new List<VoxelPoint>();
        for (int first = 0, end; first < points.Count; first = end)
        {
            end = first;
            while (end < points.Count && points[end].Z == points[first].Z)
            {
                end++;
            }

            foreach (var reverse in (ReadOnlySpan<bool>)[false, true])
            {
                chain.Clear();
                for (var n = 0; n < end - first; n++)
                {
                    var p = points[reverse ? end - 1 - n : first + n];
                    while (chain.Count >= 2 && Turn(chain[^2], chain[^1], p) <= 0)
                    {
                        chain.RemoveAt(chain.Count - 1);
                    }

                    chain.Add(p);
                }

                // Each chain ends where the other begins; a slice of one point has a chain of one.
                for (var n = 0; n < Math.Max(1, chain.Count - 1); n++)
                {
                    hull.Add(grid.VoxelToPatient(chain[n].X, chain[n].Y, chain[n].Z));
                }
            }
        }

        return hull;
    }

    /// <summary>Positive when o → a → b turns counter-clockwise in the slice's (y, x) plane.</summary>
    private static long Turn(VoxelPoint o, VoxelPoint a, VoxelPoint b) =>
        ((long)(a.Y - o.Y) * (b.X - o.X)) - ((long)(a.X - o.X) * (b.Y - o.Y));

    /// <summary>A voxel's indices, ordered by slice, then row, then column.</summary>
    private readonly record struct VoxelPoint(int Z, int Y, int X) : IComparable<VoxelPoint>
    {
        public int CompareTo(VoxelPoint other) =>
            Z != other.Z ? Z.CompareTo(other.Z) : Y != other.Y ? Y.CompareTo(other.Y) : X.CompareTo(other.X);
    }

    /// <summary>Sums over a component's voxels, or over the components of a merged group: every figure of a finding follows from them.</summary>
    private struct Candidate
    {
        public long Voxels;
        public double Weight;
        public Vector3D Weighted;
        public Vector3D Sum;
        public double Peak;
        public double Hounsfield;
        public long LeftVotes;
        public long RightVotes;
        public int MinX, MinY, MinZ, MaxX, MaxY, MaxZ;

        public static Candidate Empty => new()
        {
            Peak = double.NegativeInfinity,
            MinX = int.MaxValue, MinY = int.MaxValue, MinZ = int.MaxValue, MaxX = int.MinValue, MaxY = int.MinValue, MaxZ = int.MinValue,
        };

        /// <summary>The probability-weighted mean voxel position; the plain mean where every probability is 0 (a threshold of 0).</summary>
        public readonly Vector3D Centre => Weight > 0 ? Weighted / Weight : Sum / Voxels;

        public readonly Candidate Merge(Candidate other) => new()
        {
            Voxels = Voxels + other.Voxels,
            Weight = Weight + other.Weight,
            Weighted = Weighted + other.Weighted,
            Sum = Sum + other.Sum,
            Peak = Math.Max(Peak, other.Peak),
            Hounsfield = Hounsfield + other.Hounsfield,
            LeftVotes = LeftVotes + other.LeftVotes,
            RightVotes = RightVotes + other.RightVotes,
            MinX = Math.Min(MinX, other.MinX),
            MinY = Math.Min(MinY, other.MinY),
            MinZ = Math.Min(MinZ, other.MinZ),
            MaxX = Math.Max(MaxX, other.MaxX),
            MaxY = Math.Max(MaxY, other.MaxY),
            MaxZ = Math.Max(MaxZ, other.MaxZ),
        };
    }
}
