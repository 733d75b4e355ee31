using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lantern.Inference.Manifests;

/// <summary>
/// A detection model's second stage, the manifest's <c>candidateClassifier</c>: an ONNX network that looks at a
/// cube of the detector's own input grid (its spacing and intensity normalisation) centred on each candidate and
/// answers with one logit, "nodule or not". The candidate score weighs that logit as the feature
/// <c>classifierLogit</c> beside the candidate's figures (LUNA16's false-positive reduction).
/// </summary>
public sealed record CandidateClassifier
{
    /// <summary>The ONNX file, relative to the manifest's folder.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// Further classifiers (ONNX files relative to the manifest's folder, with <see cref="Model"/>'s input and output) trained
    /// apart from it; a cube's logit is the mean of every model's. Empty, <see cref="Model"/> alone. Classifiers trained apart
    /// err apart, so their mean ranks the candidates better than any one of them (an ensemble).
    /// </summary>
    public IReadOnlyList<string> MoreModels { get => _moreModels ?? []; init => _moreModels = value; }

    // The source-generated reader sets every init-only property, an absent one to null.
    private readonly IReadOnlyList<string>? _moreModels;

    /// <summary>The cube in voxels [x, y, z] of the detector's grid.</summary>
    public required int[] PatchSize { get; init; }

    /// <summary>The input's name in the ONNX graph: [batch, 1, z, y, x].</summary>
    public required string Input { get; init; }

    /// <summary>The output's name in the ONNX graph: [batch, 1] logits.</summary>
    public required string Output { get; init; }

    /// <summary>Cubes per inference run.</summary>
    public required int BatchSize { get; init; }

    /// <summary>
    /// Mirror images of each cube the logit is averaged over besides the cube itself, each named by the axes it
    /// reverses ("x", "z", "xz"); empty, the cube alone. The classifier was trained on mirrored cubes, so each view is
    /// one it knows, and the mean of several is steadier than any one of them (test-time augmentation).
    /// </summary>
    public IReadOnlyList<string> Flips { get => _flips ?? []; init => _flips = value; }

    private readonly IReadOnlyList<string>? _flips;

    /// <summary>
    /// Where set, only cubes whose first look (<see cref="Model"/> on the cube as cut) gives a logit of at least this get
    /// the more looks, <see cref="MoreModels"/> on the cube and every model on each of the <see cref="Flips"/>; the others
    /// keep that logit. Most candidates are rejected plainly, and no second opinion lifts them near a nodule.
    /// </summary>
    public double? MoreLooksFromLogit { get; init; }

    /// <summary>Every model, <see cref="Model"/> first.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Models => [Model, .. MoreModels];

    /// <summary>How the classifier was made, as the training script wrote it; kept, not interpreted.</summary>
    public JsonElement? Training { get; init; }

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Model) || Path.IsPathRooted(Model))
        {
            yield return "candidateClassifier.model must name the ONNX file relative to the manifest's folder";
        }

        if (MoreModels.Any(m => string.IsNullOrWhiteSpace(m) || Path.IsPathRooted(m)))
        {
            yield return "candidateClassifier.moreModels must name ONNX files relative to the manifest's folder";
        }

        if (Models.Distinct().Count() != Models.Count)
        {
            yield return "candidateClassifier names one model twice";
        }

        if (PatchSize.Length != 3 || PatchSize.Any(s => s < 1))
        {
            yield return "candidateClassifier.patchSize must be three positive integers [x, y, z]";
        }

        if (string.IsNullOrWhiteSpace(Input) || string.IsNullOrWhiteSpace(Output))
        {
            yield return "candidateClassifier.input and .output must name the graph's tensors";
        }

        if (BatchSize < 1)
        {
            yield return $"candidateClassifier.batchSize {BatchSize} must be at least 1";
        }

        foreach (var flip in Flips.Where(f => f.Length == 0 || f.Any(axis => axis is not ('x' or 'y' or 'z')) || f.Distinct().Count() != f.Length))
        {
            yield return $"candidateClassifier.flips '{flip}' must name each of its axes (x, y, z) once";
        }

        if (Flips.Select(f => string.Concat(f.Order())).Distinct().Count() != Flips.Count)
        {
            yield return "candidateClassifier.flips names one mirror twice";
        }

        if (MoreLooksFromLogit is { } least && (!double.IsFinite(least) || Flips.Count + MoreModels.Count == 0))
        {
            yield return $"candidateClassifier.moreLooksFromLogit {least} must be a finite number, and needs flips or moreModels";
        }
    }
}
