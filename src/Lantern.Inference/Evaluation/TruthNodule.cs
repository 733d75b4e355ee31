using System.Text.Json;
using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Evaluation;

/// <summary>
/// A nodule of a scan's ground truth as a phantom's truth.json gives it: centre in patient LPS mm, diameter in
/// mm, density type ("solid", "part-solid", "ground-glass"), attachment ("isolated", "juxta-pleural",
/// "juxta-vascular") and lung side. Type and attachment are kept as written: the evaluation groups by them.
/// </summary>
public sealed record TruthNodule(Vector3D CenterMm, double DiameterMm, string Type, string Attachment, LungSide Side)
{
    /// <summary>The nodules of a truth.json file.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON, or a nodule lacks a field or holds one of the wrong kind.</exception>
    public static IReadOnlyList<TruthNodule> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>The nodules of a truth.json document; <paramref name="source"/> names it in errors. Fields other than "nodules" are ignored.</summary>
    /// <exception cref="InvalidDataException">The document is not JSON, or a nodule lacks a field or holds one of the wrong kind.</exception>
    public static IReadOnlyList<TruthNodule> Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Truth {source} is not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("nodules", out var nodules)
                || nodules.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"Truth {source} has no \"nodules\" array.");
            }

            var result = new List<TruthNodule>(nodules.GetArrayLength());
            foreach (var nodule in nodules.EnumerateArray())
            {
                result.Add(Parse(nodule, $"Truth {source}, nodule {result.Count}"));
            }

            return result;
        }
    }

    private static TruthNodule Parse(JsonElement nodule, string where)
    {
        if (nodule.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where} is not an object.");
        }

        var centre = Field(nodule, "centerMm", JsonValueKind.Array, where);
        if (centre.GetArrayLength() != 3 || centre.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.Number))
        {
            throw new InvalidDataException($"{where}: \"centerMm\" must be three numbers [x, y, z].");
        }

        var diameter = Field(nodule, "diameterMm", JsonValueKind.Number, where).GetDouble();
        if (!(diameter > 0) || !double.IsFinite(diameter))
        {
            throw new InvalidDataException($"{where}: \"diameterMm\" {diameter} is not a positive size.");
        }

        var side = Field(nodule, "side", JsonValueKind.String, where).GetString() switch
        {
            "left" => LungSide.Left,
            "right" => LungSide.Right,
            var other => throw new InvalidDataException($"{where}: \"side\" is '{other}', not \"left\" or \"right\"."),
        };

        return new TruthNodule(
            new Vector3D(centre[0].GetDouble(), centre[1].GetDouble(), centre[2].GetDouble()),
            diameter,
            Field(nodule, "type", JsonValueKind.String, where).GetString()!,
            Field(nodule, "attachment", JsonValueKind.String, where).GetString()!,
            side);
    }

    private static JsonElement Field(JsonElement nodule, string name, JsonValueKind kind, string where) =>
        nodule.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new InvalidDataException($"{where}: \"{name}\" is missing or not a {kind.ToString().ToLowerInvariant()}.");
}
