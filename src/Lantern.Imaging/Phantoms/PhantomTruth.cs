using System.Text.Json;
using Lantern.Imaging.Anatomy;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// truth.json: <c>{"nodules": [{"centerMm": [x, y, z], "diameterMm": d, "type", "attachment",
/// "side"}], ...}</c> in patient LPS millimetres (a contract other tools rely on), then the seed, the
/// grid, the label values and the acquisition for reference.
/// </summary>
internal static class PhantomTruth
{
    public static void Write(Stream stream, ChestPhantom phantom)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("nodules");
        foreach (var nodule in phantom.Nodules)
        {
            json.WriteStartObject();
            json.WriteStartArray("centerMm");
            json.WriteNumberValue(nodule.X);
            json.WriteNumberValue(nodule.Y);
            json.WriteNumberValue(nodule.Z);
            json.WriteEndArray();
            json.WriteNumber("diameterMm", nodule.DiameterMm);
            json.WriteString("type", Name(nodule.Type));
            json.WriteString("attachment", Name(nodule.Attachment));
            json.WriteString("side", nodule.Side == LungSide.Left ? "left" : "right");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("seed", phantom.Seed);

        var g = phantom.Geometry;
        json.WriteStartObject("geometry");
        json.WriteNumber("columns", g.Columns);
        json.WriteNumber("rows", g.Rows);
        json.WriteNumber("slices", g.Slices);
        json.WriteNumber("pixelSpacingMm", g.PixelSpacingMm);
        json.WriteNumber("sliceThicknessMm", g.SliceThicknessMm);
        json.WriteNumber("sliceSpacingMm", g.SliceSpacingMm);
        json.WriteStartArray("firstPixelMm");
        json.WriteNumberValue(g.OriginX);
        json.WriteNumberValue(g.OriginY);
        json.WriteNumberValue(g.OriginZ);
        json.WriteEndArray();
        json.WriteString("axes", "labels.npy and volume.npy are [slice, row, column]; column -> +x (patient left), row -> +y (posterior), slice -> +z (head)");
        json.WriteEndObject();

        json.WriteStartObject("labels");
        json.WriteString("0", "background");
        json.WriteString("1", "left lung");
        json.WriteString("2", "right lung");
        json.WriteString("3", "nodule");
        json.WriteEndObject();

        var a = phantom.Acquisition;
        json.WriteStartObject("acquisition");
        json.WriteNumber("noiseHu", a.NoiseHu);
        json.WriteNumber("blurMm", a.BlurMm);
        json.WriteNumber("edgeEnhancement", a.EdgeEnhancement);
        json.WriteNumber("inspiration", a.Inspiration);
        json.WriteNumber("parenchymaHu", a.ParenchymaHu);
        json.WriteBoolean("contrast", a.Contrast);
        json.WriteBoolean("paddedOutsideFieldOfView", a.PaddedOutsideFieldOfView);
        json.WriteNumber("kvp", a.KilovoltagePeak);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    public static string Name(NoduleType type) => type switch
    {
        NoduleType.PartSolid => "part-solid",
        NoduleType.GroundGlass => "ground-glass",
        _ => "solid",
    };

    public static string Name(NoduleAttachment attachment) => attachment switch
    {
        NoduleAttachment.JuxtaPleural => "juxta-pleural",
        NoduleAttachment.JuxtaVascular => "juxta-vascular",
        _ => "isolated",
    };
}
