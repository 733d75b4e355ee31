using System.Globalization;
using System.Runtime.CompilerServices;
using Lantern.Imaging.Resampling;
using Lantern.Imaging.Series;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Manifests;
using Lantern.Inference.Onnx;
using Lantern.Inference.PostProcessing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// Finds lung nodules in a chest CT series with two models, every model fact taken from their manifests:
/// <list type="number">
/// <item>Load: the folder's one CT series becomes a volume of Hounsfield units (<see cref="VolumeLoader"/>).</item>
/// <item>Lungs: the volume is resampled trilinearly to the lung model's spacing on the same origin and axes
/// (<see cref="VolumeGeometry.WithSpacing"/>), normalised, run through the sliding window, and the activation
/// applied; <see cref="PostProcessing.LungMask.FromProbabilities"/> keeps the largest component of each lung.</item>
/// <item>Nodules: the CT voxels within <see cref="AnalysisOptions.CropMarginMm"/> of the lungs' bounding box
/// are cropped (first, to keep memory low), resampled to the nodule model's spacing, normalised and run the
/// same way, but only in the patches that meet the lungs (<see cref="LungPatches"/>); <see cref="NoduleDetector"/> turns the nodule channel into findings, sides from the coarse lung mask;
/// where the nodule model has <see cref="BlobCandidates"/>, the blobs of a classical filter join them (<see cref="BlobCandidateFinder"/>);
/// where it has a <see cref="CandidateClassifier"/>, it looks at each finding before the findings are scored;
/// where it has a <see cref="FindingSuppression"/>, scored findings near a better one are dropped (<see cref="FindingSuppressor"/>).</item>
/// <item>On request, the lung and nodule masks on the CT grid (<see cref="CtGridLungMask"/>, <see cref="CtGridNoduleMask"/>).</item>
/// </list>
/// A series that cannot be analysed gives a result with a reason, never an exception. The models' sessions are
/// opened once and serve every analysis; analyses may run at once on one analyzer (the sessions are
/// thread-safe, every buffer belongs to one analysis).
/// </summary>
public sealed class ChestCtAnalyzer : IDisposable
{
    /// <summary>The folder of the lung model under a models folder.</summary>
    public const string LungModelFolder = "lung-segmentation";

    /// <summary>The folder of the nodule model under a models folder.</summary>
    public const string NoduleModelFolder = "nodule-detection";

    private readonly PatchModel _lungs;
    private readonly PatchModel _nodules;
    private readonly CandidateClassifierModel? _classifier;
    private readonly TimeProvider _time;

    /// <summary>
    /// Opens both models' sessions on <paramref name="runtime"/>, which may be disposed afterwards. The lung model
    /// must have the labels of <see cref="LungMaskOptions"/> and the nodule model the label and a threshold of
    /// <see cref="NoduleDetectionOptions"/> (their defaults: "left-lung", "right-lung", "nodule").
    /// </summary>
    /// <exception cref="ModelManifestException">A manifest lacks a label or threshold the pipeline needs.</exception>
    /// <exception cref="OnnxRuntimeException">ORT cannot load a model.</exception>
    /// <exception cref="ArgumentException">A model's inputs or outputs do not fit its manifest.</exception>
    public ChestCtAnalyzer(OnnxRuntime runtime, ModelManifest lungModel, ModelManifest noduleModel, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(lungModel);
        ArgumentNullException.ThrowIfNull(noduleModel);
        CheckLabels(lungModel, noduleModel);
        logger ??= NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _lungs = new PatchModel(runtime, lungModel, logger);
        try
        {
            _nodules = new PatchModel(runtime, noduleModel, logger);
            _classifier = noduleModel.CandidateClassifier is null ? null : new CandidateClassifierModel(runtime, noduleModel);
        }
        catch
        {
            _lungs.Dispose();
            _nodules?.Dispose();
            throw;
        }
    }

    public ModelManifest LungModel => _lungs.Manifest;

    public ModelManifest NoduleModel => _nodules.Manifest;

    /// <summary>The analyzer of the models in <paramref name="modelsDirectory"/>/<see cref="LungModelFolder"/> and /<see cref="NoduleModelFolder"/>.</summary>
    /// <exception cref="ModelManifestException">A manifest is missing, malformed, or names a missing ONNX file.</exception>
    public static ChestCtAnalyzer Open(string modelsDirectory, OnnxRuntime runtime, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelsDirectory);
        var lungs = ModelManifest.Load(Path.Combine(modelsDirectory, LungModelFolder));
        var nodules = ModelManifest.Load(Path.Combine(modelsDirectory, NoduleModelFolder));
        return new ChestCtAnalyzer(runtime, lungs, nodules, logger, timeProvider);
    }

    /// <summary>Analyses the one CT series in <paramref name="seriesDirectory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="OnnxRuntimeException">A model failed while running.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Optimised code lets go of the CT volume after its last use (see Run).
    public ChestCtAnalysis Analyze(string seriesDirectory, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= AnalysisOptions.Default;
        options.Validate();
        var clock = new StageClock(_time);
        Volume<short> hounsfield;
        try
        {
            hounsfield = VolumeLoader.LoadDirectory(seriesDirectory, options.Load, cancellationToken).Volume;
        }
        catch (NotAnalysableException e)
        {
            return ChestCtAnalysis.NotAnalysable(e.Message, new StageTimings { Load = clock.Lap(), Total = clock.Total });
        }

        return Run(hounsfield, options, clock, new StageTimings { Load = clock.Lap() }, cancellationToken);
    }

    /// <summary>Analyses a volume of Hounsfield units already in memory (its load time is zero).</summary>
    /// <exception cref="OnnxRuntimeException">A model failed while running.</exception>
    public ChestCtAnalysis Analyze(Volume<short> hounsfield, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hounsfield);
        options ??= AnalysisOptions.Default;
        options.Validate();
        return Run(hounsfield, options, new StageClock(_time), new StageTimings(), cancellationToken);
    }

    public void Dispose()
    {
        _lungs.Dispose();
        _nodules.Dispose();
        _classifier?.Dispose();
    }

    /// <summary>
    /// Steps 2 to 4. Fully optimised from the first call (a process analyses once), because only optimised code
    /// stops reporting a local as live after its last use: the CT volume and the nodule stage's buffers are then
    /// garbage by the time the CT-grid masks, the largest allocations, are made.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ChestCtAnalysis Run(Volume<short> hounsfield, AnalysisOptions options, StageClock clock, StageTimings timings, CancellationToken cancellationToken)
    {
        var ctGrid = hounsfield.Geometry;
        var lungGrid = ctGrid.WithSpacing(_lungs.Spacing);
        ChestCtAnalysis Stop(string reason) => new()
        {
            NotAnalysableReason = reason,
            Timings = timings with { Total = clock.Total },
            LungProvider = _lungs.Provider,
            NoduleProvider = _nodules.Provider,
            CtGrid = ctGrid,
            LungGrid = lungGrid,
        };

        if (TooSmall(ctGrid, lungGrid, options.MinimumLungGridVoxels) is { } tooSmall)
        {
            return Stop(tooSmall);
        }

        var lungInput = VolumeResampler.Resample(hounsfield, _lungs.Spacing);
        timings = timings with { LungResample = clock.Lap() };
        var lungProbabilities = _lungs.Predict(lungInput, needed: null, cancellationToken);
        timings = timings with { LungInference = clock.Lap() };
        var coarse = PostProcessing.LungMask.FromProbabilities(lungProbabilities, lungGrid, _lungs.Manifest, options.LungMask);
        var crop = CropBox.AroundLungs(coarse, ctGrid, options.CropMarginMm);
        timings = timings with { LungPostProcessing = clock.Lap() };
        if (crop is not { } box)
        {
            return Stop($"the lung model ({_lungs.Manifest.Name} {_lungs.Manifest.Version}) found no lung in the series");
        }

        var nodules = FindNodules(hounsfield, box, coarse, options, clock, cancellationToken);
        timings = timings with
        {
            NoduleResample = nodules.Resample,
            NoduleInference = nodules.Inference,
            NodulePostProcessing = nodules.PostProcessing,
            BlobFilter = nodules.Blobs,
            CandidateClassifier = nodules.Classifier,
        };
        Volume<byte>? noduleMask = null;
        LungMask? lungMask = null;
        if (options.LungMaskOnCtGrid || options.NoduleMaskOnCtGrid)
        {
            noduleMask = nodules.Above is { } above ? CtGridNoduleMask.Reconstruct(above, nodules.Grid, box, ctGrid) : null;
            lungMask = options.LungMaskOnCtGrid ? CtGridLungMask.Reconstruct(lungProbabilities, lungGrid, ctGrid, _lungs.Manifest, options.LungMask) : null;
            timings = timings with { CtGridMasks = clock.Lap() };
        }

        return new ChestCtAnalysis
        {
            Findings = nodules.Findings,
            Timings = timings with { Total = clock.Total },
            LungProvider = _lungs.Provider,
            NoduleProvider = _nodules.Provider,
            CtGrid = ctGrid,
            LungGrid = lungGrid,
            NoduleGrid = nodules.Grid,
            CoarseLungMask = coarse,
            LungMask = lungMask,
            NoduleMask = noduleMask,
            NoduleCrop = box,
            NoduleThreshold = nodules.Threshold,
        };
    }

    /// <summary>Step 3, in a method of its own so that its large buffers are unreachable once it returns.</summary>
    private NoduleStage FindNodules(Volume<short> hounsfield, CropBox box, LungMask lungs, AnalysisOptions options, StageClock clock, CancellationToken cancellationToken)
    {
        var noduleHu = VolumeResampler.Resample(box.Extract(hounsfield), _nodules.Spacing);
        var resample = clock.Lap();
        var output = _nodules.Predict(noduleHu, LungPatches.Meeting(lungs, noduleHu.Geometry), cancellationToken);
        var inference = clock.Lap();
        var manifest = _nodules.Manifest;
        var findings = NoduleDetector.Detect(output, manifest, noduleHu, lungs, options.NoduleDetection);
        var threshold = manifest.Thresholds[options.NoduleDetection.Label];
        var voxels = noduleHu.Voxels.Length;
        var channel = ManifestLabels.Channel(manifest, options.NoduleDetection.Label);
        var probability = output.AsSpan(channel * voxels, voxels);
        var above = options.NoduleMaskOnCtGrid ? CtGridNoduleMask.Threshold(probability, threshold) : null;
        var postProcessing = clock.Lap();
        if (manifest.BlobCandidates is { } blobs)
        {
            findings = [.. findings, .. BlobCandidateFinder.Find(noduleHu, probability, lungs, findings, blobs, manifest.Intensity, cancellationToken)];
        }

        var blobFilter = clock.Lap();
        if (_classifier is not null)
        {
            findings = _classifier.Score(findings, noduleHu, cancellationToken);
        }

        if (manifest.FindingSuppression is { } suppression)
        {
            findings = FindingSuppressor.Suppress(findings, suppression);
        }

        return new NoduleStage(findings, noduleHu.Geometry, threshold, above, resample, inference, postProcessing, blobFilter, clock.Lap());
    }

    /// <summary>Why the lung model's grid is too small for the series to be analysed, or null.</summary>
    private string? TooSmall(VolumeGeometry ctGrid, VolumeGeometry lungGrid, int minimum)
    {
        var axes = new (string Name, int Coarse, int Size, double Spacing, double Model)[]
        {
            ("x (columns)", lungGrid.SizeX, ctGrid.SizeX, ctGrid.Spacing.X, _lungs.Spacing.X),
            ("y (rows)", lungGrid.SizeY, ctGrid.SizeY, ctGrid.Spacing.Y, _lungs.Spacing.Y),
            ("z (slices)", lungGrid.SizeZ, ctGrid.SizeZ, ctGrid.Spacing.Z, _lungs.Spacing.Z),
        };
        return axes.Where(a => a.Coarse < minimum).Select(a => string.Create(
            CultureInfo.InvariantCulture,
            $"the series spans {(a.Size - 1) * a.Spacing:0.#} mm along {a.Name} ({a.Size} voxels {a.Spacing:0.###} mm apart); the lung model ({_lungs.Manifest.Name}) needs at least {(minimum - 1) * a.Model:0.#} mm ({minimum} voxels of {a.Model:0.###} mm)")).FirstOrDefault();
    }

    private static void CheckLabels(ModelManifest lungModel, ModelManifest noduleModel)
    {
        var defaults = AnalysisOptions.Default;
        ManifestLabels.Channel(lungModel, defaults.LungMask.LeftLabel);
        ManifestLabels.Channel(lungModel, defaults.LungMask.RightLabel);
        ManifestLabels.Channel(noduleModel, defaults.NoduleDetection.Label);
        if (!noduleModel.Thresholds.ContainsKey(defaults.NoduleDetection.Label))
        {
            throw new ModelManifestException($"Model {noduleModel.Name} has no threshold for its label '{defaults.NoduleDetection.Label}'.");
        }
    }

    private sealed record NoduleStage(
        IReadOnlyList<NoduleFinding> Findings,
        VolumeGeometry Grid,
        double Threshold,
        byte[]? Above,
        TimeSpan Resample,
        TimeSpan Inference,
        TimeSpan PostProcessing,
        TimeSpan Blobs,
        TimeSpan Classifier);
}
