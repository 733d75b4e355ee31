using System.Buffers;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.Onnx;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// A detection model's <see cref="CandidateClassifier"/> at work: for each candidate, the cube of the detector's
/// input grid whose centre lies nearest the candidate's centre (its start rounded half-way up), padded with the window's
/// lowest HU (air) where it overhangs the grid and normalised as the detector's input; cubes run
/// <see cref="CandidateClassifier.BatchSize"/> at a time. The first look, <see cref="CandidateClassifier.Model"/> on the cube
/// as cut, is taken of every cube; the more looks, each of <see cref="CandidateClassifier.MoreModels"/> on the cube and
/// every model on each mirror in <see cref="CandidateClassifier.Flips"/>, of the cubes whose first logit reaches
/// <see cref="CandidateClassifier.MoreLooksFromLogit"/> (all where it is absent). The mean logit over a cube's looks goes
/// to the manifest's candidate score.
/// </summary>
internal sealed class CandidateClassifierModel : IDisposable
{
    private readonly InferenceSession[] _sessions;
    private readonly CandidateClassifier _classifier;
    private readonly IntensityNormalization _intensity;
    private readonly CandidateScoring _scoring;
    private readonly CandidateScoring? _blobScoring;
    private readonly (InferenceSession Session, Mirror? Mirror)[] _moreLooks;

    /// <exception cref="ArgumentException">A model's input or output does not fit the manifest.</exception>
    public CandidateClassifierModel(OnnxRuntime runtime, ModelManifest detector)
    {
        _classifier = detector.CandidateClassifier ?? throw new ArgumentException($"Model {detector.Name} has no candidate classifier.", nameof(detector));
        _scoring = detector.CandidateScore!;
        _blobScoring = detector.BlobCandidates?.Score;
        _intensity = detector.Intensity;
        var sessions = new List<InferenceSession>();
        try
        {
            var (x, y, z) = (_classifier.PatchSize[0], _classifier.PatchSize[1], _classifier.PatchSize[2]);
            foreach (var path in detector.CandidateClassifierPaths)
            {
                var session = runtime.OpenSession(path);
                sessions.Add(session);
                Expect(session, _classifier.Input, session.Inputs, [-1, 1, z, y, x], "[batch, 1, z, y, x] of its patchSize");
                Expect(session, _classifier.Output, session.Outputs, [-1, 1], "[batch, 1] logits");
            }
        }
        catch
        {
            sessions.ForEach(s => s.Dispose());
            throw;
        }

        _sessions = [.. sessions];
        Mirror?[] views = [null, .. _classifier.Flips.Select(f => (Mirror?)new Mirror(f.Contains('x'), f.Contains('y'), f.Contains('z')))];
        // Every model on the cube and on each mirror, less the first look (the first model on the cube as cut).
        _moreLooks = [.. (from session in _sessions from view in views select (session, view)).Skip(1)];
    }

    /// <summary>
    /// The findings with their <see cref="NoduleFinding.ClassifierLogit"/>, scored and ranked, highest first: the
    /// detector's by the manifest's candidate score, blobs by their own (<see cref="BlobCandidates.Score"/>).
    /// </summary>
    /// <param name="hounsfield">The CT values on the detector's grid, the grid the findings' voxel centres refer to.</param>
    public IReadOnlyList<NoduleFinding> Score(IReadOnlyList<NoduleFinding> findings, Volume<float> hounsfield, CancellationToken cancellationToken)
    {
        int[] all = [.. Enumerable.Range(0, findings.Count)];
        var logits = new double[findings.Count];
        AddLogits(_sessions[0], findings, all, hounsfield, mirror: null, logits, cancellationToken);
        if (_moreLooks.Length > 0)
        {
            // A cube the first look plainly rejects ranks far below any nodule whatever the others say.
            int[] doubtful = [.. all.Where(i => _classifier.MoreLooksFromLogit is not { } least || logits[i] >= least)];
            var more = new double[findings.Count];
            foreach (var (session, mirror) in _moreLooks)
            {
                AddLogits(session, findings, doubtful, hounsfield, mirror, more, cancellationToken);
            }

            foreach (var i in doubtful)
            {
                logits[i] = (logits[i] + more[i]) / (1 + _moreLooks.Length);
            }
        }

        return [.. findings.Select((f, i) => f with { ClassifierLogit = logits[i] })
            .Select(f => f with { Score = (f.BlobDot is null ? _scoring : _blobScoring!).Score(f) })
            .OrderByDescending(f => f.Score)];
    }

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    /// <summary>
    /// Adds to <paramref name="sums"/>[i], for each finding i in <paramref name="which"/>, the logit <paramref name="session"/>
    /// gives its cube, reversed along the axes of <paramref name="mirror"/> where one is given.
    /// </summary>
    private void AddLogits(InferenceSession session, IReadOnlyList<NoduleFinding> findings, int[] which, Volume<float> hounsfield, Mirror? mirror, double[] sums, CancellationToken cancellationToken)
    {
        var (sizeX, sizeY, sizeZ) = (_classifier.PatchSize[0], _classifier.PatchSize[1], _classifier.PatchSize[2]);
        var cube = sizeX * sizeY * sizeZ;
        var batch = Math.Min(_classifier.BatchSize, Math.Max(which.Length, 1));
        var input = ArrayPool<float>.Shared.Rent(batch * cube);
        var reflected = mirror is null ? null : ArrayPool<float>.Shared.Rent(batch * cube);
        var output = ArrayPool<float>.Shared.Rent(batch);
        var air = (float)_intensity.Window[0];
        try
        {
            for (var first = 0; first < which.Length; first += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batch, which.Length - first);
                for (var i = 0; i < count; i++)
                {
                    Cut(hounsfield, findings[which[first + i]].CenterVoxel, sizeX, sizeY, sizeZ, air, input.AsSpan(i * cube, cube));
                }

                var cubes = input.AsSpan(0, count * cube);
                _intensity.Normalize(cubes, cubes);
                if (mirror is { } axes)
                {
                    for (var i = 0; i < count; i++)
                    {
                        Reflect(input.AsSpan(i * cube, cube), reflected!.AsSpan(i * cube, cube), sizeX, sizeY, sizeZ, axes);
                    }
                }

                session.Run(
                    new TensorInput(_classifier.Input, (reflected ?? input).AsMemory(0, count * cube), [count, 1, sizeZ, sizeY, sizeX]),
                    new TensorOutput(_classifier.Output, output.AsMemory(0, count), [count, 1]));
                for (var i = 0; i < count; i++)
                {
                    sums[which[first + i]] += output[i];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            if (reflected is not null)
            {
                ArrayPool<float>.Shared.Return(reflected);
            }

            ArrayPool<float>.Shared.Return(output);
        }
    }

    /// <summary>HU of the cube of the given size centred nearest <paramref name="centre"/> (a continuous voxel index), x fastest; <paramref name="air"/> outside the grid.</summary>
    internal static void Cut(Volume<float> hounsfield, Vector3D centre, int sizeX, int sizeY, int sizeZ, float air, Span<float> cube)
    {
        var g = hounsfield.Geometry;
        static int Start(double centre, int size) => (int)Math.Floor(centre - ((size - 1) / 2.0) + 0.5);
        var (startX, startY, startZ) = (Start(centre.X, sizeX), Start(centre.Y, sizeY), Start(centre.Z, sizeZ));
        var (fromX, toX) = (Math.Clamp(startX, 0, g.SizeX), Math.Clamp(startX + sizeX, 0, g.SizeX));
        cube.Fill(air);
        for (var z = 0; z < sizeZ; z++)
        {
            var sourceZ = startZ + z;
            for (var y = 0; y < sizeY; y++)
            {
                var sourceY = startY + y;
                if (sourceZ < 0 || sourceZ >= g.SizeZ || sourceY < 0 || sourceY >= g.SizeY || fromX >= toX)
                {
                    continue;
                }

                hounsfield.Voxels.AsSpan(hounsfield.Index(fromX, sourceY, sourceZ), toX - fromX)
                    .CopyTo(cube.Slice(((z * sizeY) + y) * sizeX + fromX - startX));
            }
        }
    }

    /// <summary>The cube (x fastest) with the axes <paramref name="mirror"/> names reversed.</summary>
    internal static void Reflect(ReadOnlySpan<float> cube, Span<float> reflected, int sizeX, int sizeY, int sizeZ, Mirror mirror)
    {
        for (var z = 0; z < sizeZ; z++)
        {
            var sourceZ = mirror.Z ? sizeZ - 1 - z : z;
            for (var y = 0; y < sizeY; y++)
            {
                var sourceY = mirror.Y ? sizeY - 1 - y : y;
                var row = reflected.Slice(((z * sizeY) + y) * sizeX, sizeX);
                cube.Slice(((sourceZ * sizeY) + sourceY) * sizeX, sizeX).CopyTo(row);
                if (mirror.X)
                {
                    row.Reverse();
                }
            }
        }
    }

    private static void Expect(InferenceSession session, string name, IReadOnlyList<TensorInfo> tensors, long[] shape, string what)
    {
        var tensor = tensors.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"Candidate classifier {session.Name} has no tensor named '{name}'; it has {string.Join(", ", tensors.Select(t => t.Name))}.");
        if (tensor.Shape.Count != shape.Length || tensor.Shape.Zip(shape).Any(d => d.First > 0 && d.Second > 0 && d.First != d.Second))
        {
            throw new ArgumentException($"Candidate classifier {session.Name}: '{name}' has shape [{string.Join(", ", tensor.Shape)}], which does not fit {what}.");
        }
    }

    /// <summary>Which axes of a cube a view reverses (one of <see cref="CandidateClassifier.Flips"/>).</summary>
    internal readonly record struct Mirror(bool X, bool Y, bool Z);
}
