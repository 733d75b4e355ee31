using System.Text.Encodings.Web;
using System.Text.Json;
using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Onnx;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// What <see cref="ChestCtAnalyzer"/> made of one CT series: nodule findings, or the reason the series could not
/// be analysed; with where the time went, which execution providers ran the models, the grids each stage
/// worked on and, when asked for, the lung and nodule masks on the CT grid.
/// </summary>
public sealed class ChestCtAnalysis
{
    internal ChestCtAnalysis()
    {
    }

    /// <summary>Why the series could not be analysed, one line meant to be shown after "not analysable: "; null when it was.</summary>
    public string? NotAnalysableReason { get; internal init; }

    public bool IsAnalysable => NotAnalysableReason is null;

    /// <summary>Nodule candidates, highest score first; empty when none was found or the series was not analysable.</summary>
    public IReadOnlyList<NoduleFinding> Findings { get; internal init; } = [];

    public StageTimings Timings { get; internal init; } = new();

    public ExecutionProvider LungProvider { get; internal init; }

    public ExecutionProvider NoduleProvider { get; internal init; }

    /// <summary>The series' own grid; null when it could not be loaded.</summary>
    public VolumeGeometry? CtGrid { get; internal init; }

    /// <summary>The CT grid at the lung model's spacing (<see cref="VolumeGeometry.WithSpacing"/>): the lung model's input grid.</summary>
    public VolumeGeometry? LungGrid { get; internal init; }

    /// <summary>The crop of the CT grid around the lungs at the nodule model's spacing: the nodule model's input grid; null when the analysis stopped before it.</summary>
    public VolumeGeometry? NoduleGrid { get; internal init; }

    /// <summary>The lungs on <see cref="LungGrid"/>: what the findings' sides and the nodule crop come from.</summary>
    public LungMask? CoarseLungMask { get; internal init; }

    /// <summary>The lungs on <see cref="CtGrid"/>, when <see cref="AnalysisOptions.LungMaskOnCtGrid"/> asked for them (see <see cref="CtGridLungMask"/>).</summary>
    public LungMask? LungMask { get; internal init; }

    /// <summary>1 where a voxel of <see cref="CtGrid"/> is a nodule's, when <see cref="AnalysisOptions.NoduleMaskOnCtGrid"/> asked for it (see <see cref="CtGridNoduleMask"/>).</summary>
    public Volume<byte>? NoduleMask { get; internal init; }

    /// <summary>The CT voxels the nodule grid was resampled from.</summary>
    internal CropBox? NoduleCrop { get; init; }

    /// <summary>The nodule model's threshold, which <see cref="NoduleMask"/> applies.</summary>
    internal double NoduleThreshold { get; init; }

    internal static ChestCtAnalysis NotAnalysable(string reason, StageTimings timings) => new()
    {
        NotAnalysableReason = reason.ReplaceLineEndings(" "),
        Timings = timings,
    };

    /// <summary>
    /// The result as the JSON contract other tools read, UTF-8, indented: <c>{"findings": [{"centerMm": [x, y, z],
    /// "diameterMm", "volumeMm3", "score", "side": "left"|"right", "equivalentDiameterMm", "meanHu", "peakProbability",
    /// "meanProbability", "lungFraction", "classifierLogit" (where the nodule model has a candidate classifier), "source": "detector"|"blob",
    /// "blobDot" (blobs only)}, ...]}</c>
    /// (patient LPS millimetres, highest score first), or <c>{"notAnalysable": "reason"}</c>. Nothing else:
    /// timings and grids vary from run to run and machine to machine, the contract does not.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        // Reasons name sizes with "×" and the like; relaxed escaping keeps them readable (the file is never put in HTML).
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (NotAnalysableReason is { } reason)
            {
                json.WriteString("notAnalysable", reason);
            }
            else
            {
                json.WriteStartArray("findings");
                foreach (var finding in Findings)
                {
                    json.WriteStartObject();
                    json.WriteStartArray("centerMm");
                    json.WriteNumberValue(finding.CenterMm.X);
                    json.WriteNumberValue(finding.CenterMm.Y);
                    json.WriteNumberValue(finding.CenterMm.Z);
                    json.WriteEndArray();
                    json.WriteNumber("diameterMm", finding.DiameterMm);
                    json.WriteNumber("volumeMm3", finding.VolumeMm3);
                    json.WriteNumber("score", finding.Score);
                    json.WriteString("side", SideName(finding.Side));
                    json.WriteNumber("equivalentDiameterMm", finding.EquivalentDiameterMm);
                    json.WriteNumber("meanHu", finding.MeanHu);
                    json.WriteNumber("peakProbability", finding.PeakProbability);
                    json.WriteNumber("meanProbability", finding.MeanProbability);
                    json.WriteNumber("lungFraction", finding.LungFraction);
                    if (finding.ClassifierLogit is { } logit)
                    {
                        json.WriteNumber("classifierLogit", logit);
                    }

                    json.WriteString("source", finding.BlobDot is null ? "detector" : "blob");
                    if (finding.BlobDot is { } dot)
                    {
                        json.WriteNumber("blobDot", dot);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>
    /// Writes lungs.npy and nodules.npy (uint8, [slice, row, column] of <see cref="CtGrid"/>, the layout of a
    /// phantom's labels.npy) and masks.json (the grids, the crop and the threshold) to <paramref name="directory"/>,
    /// creating it when missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The masks were not asked for, or the series was not analysed.</exception>
    public void WriteMasks(string directory) => MaskFiles.Write(this, directory);

    /// <summary>"left" or "right", as the JSON contract and truth.json name sides.</summary>
    public static string SideName(LungSide side) => side == LungSide.Left ? "left" : "right";
}
