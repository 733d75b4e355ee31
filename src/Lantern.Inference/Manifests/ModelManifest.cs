using System.Text.Json;
using System.Text.Json.Serialization;
using Lantern.Inference.PostProcessing;
using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.Manifests;

/// <summary>
/// Everything Lantern knows about a model, read from models/&lt;name&gt;/manifest.json: the code holds no model
/// facts of its own. Fields and units are described in models/MANIFEST.md. Vectors are in x, y, z order.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>The ONNX file, relative to the manifest's folder.</summary>
    public required string Model { get; init; }

    /// <summary>ONNX opset the model was exported with.</summary>
    public required int Opset { get; init; }

    public required ModelInput Input { get; init; }

    public required ModelOutput Output { get; init; }

    /// <summary>Voxel spacing in mm [x, y, z] the volume is resampled to before inference.</summary>
    public required double[] SpacingMm { get; init; }

    /// <summary>Patch size in voxels [x, y, z] the model takes; with <see cref="PatchMultiple"/>, the largest.</summary>
    public required int[] PatchSize { get; init; }

    /// <summary>
    /// Where set, the model takes a patch of any size that is a multiple of this along each axis (its ONNX graph's spatial
    /// axes are free), and along each axis the patch is the smallest multiple that needs no more patches than
    /// <see cref="PatchSize"/> would: one patch over a small volume, or patches that overlap by little more than
    /// <see cref="Overlap"/> over a large one, cost fewer voxels than patches of the largest size over padding or overlap.
    /// </summary>
    public int? PatchMultiple { get; init; }

    /// <summary>Fraction of a patch shared with its neighbour along each axis, in [0, 1).</summary>
    public required double Overlap { get; init; }

    public required IntensityNormalization Intensity { get; init; }

    /// <summary>Name of each output channel, by index.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Probability at or above which a voxel counts as the label, by label name; may be empty.</summary>
    public required IReadOnlyDictionary<string, double> Thresholds { get; init; }

    /// <summary>Patches per inference run.</summary>
    public required int BatchSize { get; init; }

    /// <summary>How a detection model's candidates are scored; absent, a candidate's score is its peak probability.</summary>
    public CandidateScoring? CandidateScore { get; init; }

    /// <summary>A detection model's second look at each candidate, whose logit <see cref="CandidateScore"/> weighs; optional.</summary>
    public CandidateClassifier? CandidateClassifier { get; init; }

    /// <summary>A second source of candidates for a detection model: blobs of a classical filter, scored apart; null where the model has none.</summary>
    public BlobCandidates? BlobCandidates { get; init; }

    /// <summary>Which scored findings of a detection model are dropped as repeats of a better one nearby; null keeps them all.</summary>
    public FindingSuppression? FindingSuppression { get; init; }

    /// <summary>How the model was made (data seeds, steps, validation scores), as the training script wrote it; optional, not interpreted.</summary>
    public JsonElement? Training { get; init; }

    /// <summary>The folder the manifest was read from.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = string.Empty;

    /// <summary>Full path of the ONNX file.</summary>
    [JsonIgnore]
    public string ModelPath => Path.GetFullPath(Path.Combine(Directory, Model));

    /// <summary>Full paths of the candidate classifier's ONNX files, <see cref="CandidateClassifier.Model"/> first; empty without one.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> CandidateClassifierPaths => CandidateClassifier is { } classifier ? [.. classifier.Models.Select(m => Path.GetFullPath(Path.Combine(Directory, m)))] : [];

    [JsonIgnore]
    public GridSize Patch => new(PatchSize[0], PatchSize[1], PatchSize[2]);

    /// <summary>Reads and checks models/&lt;name&gt;/manifest.json, given the model's folder or the file itself.</summary>
    /// <exception cref="ModelManifestException">Missing, malformed or inconsistent, or the ONNX file it names is missing.</exception>
    public static ModelManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = System.IO.Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw new ModelManifestException($"Model manifest {file} does not exist.");
        }

        using var stream = File.OpenRead(file);
        var manifest = Read(stream, file) with { Directory = Path.GetDirectoryName(Path.GetFullPath(file))! };
        if (!File.Exists(manifest.ModelPath))
        {
            throw new ModelManifestException($"Model manifest {file}: the model file {manifest.ModelPath} it names does not exist.");
        }

        if (manifest.CandidateClassifierPaths.FirstOrDefault(c => !File.Exists(c)) is { } classifier)
        {
            throw new ModelManifestException($"Model manifest {file}: the candidate classifier {classifier} it names does not exist.");
        }

        return manifest;
    }

    /// <summary>Reads and checks a manifest; <paramref name="source"/> names it in errors. Does not look for the ONNX file.</summary>
    /// <exception cref="ModelManifestException">Malformed or inconsistent.</exception>
    public static ModelManifest Read(Stream stream, string source)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(stream, ModelManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw new ModelManifestException($"Model manifest {source}: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelManifestException($"Model manifest {source} is empty (null).");
        }

        var problems = manifest.Problems();
        if (problems.Count > 0)
        {
            throw new ModelManifestException($"Model manifest {source}: {string.Join("; ", problems)}.");
        }

        return manifest;
    }

    private List<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        Require(!string.IsNullOrWhiteSpace(Name), "name is empty");
        Require(!string.IsNullOrWhiteSpace(Version), "version is empty");
        Require(!string.IsNullOrWhiteSpace(Model) && !Path.IsPathRooted(Model), "model must name the ONNX file relative to the manifest's folder");
        Require(Opset >= 1, $"opset {Opset} is not an ONNX opset");
        Require(!string.IsNullOrWhiteSpace(Input.Name), "input.name is empty");
        Require(Input.Layout == ModelInput.ChannelFirst3D, $"input.layout '{Input.Layout}' is not supported; use {ModelInput.ChannelFirst3D}");
        Require(!string.IsNullOrWhiteSpace(Output.Name), "output.name is empty");
        Require(Enum.IsDefined(Output.Activation), "output.activation is unknown");
        Require(SpacingMm.Length == 3 && SpacingMm.All(s => double.IsFinite(s) && s > 0), "spacingMm must be three positive numbers [x, y, z]");
        Require(PatchSize.Length == 3 && PatchSize.All(s => s >= 1), "patchSize must be three positive integers [x, y, z]");
        Require(PatchMultiple is not { } multiple || (multiple >= 1 && PatchSize.All(s => s % multiple == 0)), $"patchMultiple {PatchMultiple} must be at least 1 and divide each side of patchSize");
        Require(Overlap is >= 0 and < 1, $"overlap {Overlap} is outside [0, 1)");
        Require(Intensity.Window.Length == 2 && Intensity.Window.All(double.IsFinite) && Intensity.Window[0] < Intensity.Window[1],
            "intensity.window must be [lowest, highest] HU with lowest < highest");
        Require(Enum.IsDefined(Intensity.Method), "intensity.normalization is unknown");
        Require(Intensity.Method != NormalizationMethod.ZScore || (Intensity.Mean is { } mean && double.IsFinite(mean) && Intensity.Std is > 0 and < double.PositiveInfinity),
            "intensity.normalization zScore needs a finite mean and a positive std");
        Require(Labels.Count >= 1 && Labels.All(label => !string.IsNullOrWhiteSpace(label)), "labels must name every output channel");
        Require(Labels.Distinct(StringComparer.Ordinal).Count() == Labels.Count, "labels repeat a name");
        foreach (var (label, threshold) in Thresholds)
        {
            Require(Labels.Contains(label), $"thresholds name '{label}', which is not a label");
            Require(Output.Activation == OutputActivation.None ? double.IsFinite(threshold) : threshold is >= 0 and <= 1,
                $"threshold {threshold} of '{label}' is not a probability");
        }

        Require(BatchSize >= 1, $"batchSize {BatchSize} must be at least 1");
        problems.AddRange(CandidateScore?.Problems() ?? []);
        problems.AddRange(CandidateClassifier?.Problems() ?? []);
        problems.AddRange(BlobCandidates?.Problems(Intensity, CandidateClassifier is not null) ?? []);
        problems.AddRange(FindingSuppression?.Problems() ?? []);
        Require(!(CandidateScore?.Weights.ContainsKey(CandidateScoring.LogDot) ?? false), $"candidateScore.weights names '{CandidateScoring.LogDot}', which only blobs have");
        // A logit nobody weighs is time wasted, a weight on a logit nobody computes a score that cannot be made.
        Require((CandidateClassifier is null) == !(CandidateScore?.Weights.ContainsKey(CandidateScoring.ClassifierLogit) ?? false),
            CandidateClassifier is null
                ? $"candidateScore.weights names '{CandidateScoring.ClassifierLogit}', which needs a candidateClassifier"
                : $"candidateClassifier is given, but no candidateScore weighs its '{CandidateScoring.ClassifierLogit}'");
        return problems;
    }
}
