using System.Text.Encodings.Web;
using System.Text.Json;
using Lantern.Imaging.Volumes;

namespace Lantern.Inference.Pipeline;

/// <summary>
/// <c>lantern analyze --masks</c>'s files: lungs.npy, nodules.npy and masks.json, which describes the grids
/// well enough for another implementation to rebuild both masks from the same series.
/// </summary>
internal static class MaskFiles
{
    public const string LungsFile = "lungs.npy";
    public const string NodulesFile = "nodules.npy";
    public const string DescriptionFile = "masks.json";

    public static void Write(ChestCtAnalysis analysis, string directory)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (analysis.LungMask is not { } lungs || analysis.NoduleMask is not { } nodules || analysis.NoduleCrop is not { } crop)
        {
            throw new InvalidOperationException("The masks were not made: analyse with LungMaskOnCtGrid and NoduleMaskOnCtGrid, and only a series that was analysed has them.");
        }

        Directory.CreateDirectory(directory);
        NpyFile.Write(Path.Combine(directory, LungsFile), lungs.Labels);
        NpyFile.Write(Path.Combine(directory, NodulesFile), nodules);
        using var stream = new FileStream(Path.Combine(directory, DescriptionFile), FileMode.Create, FileAccess.Write, FileShare.None);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("layout", "lungs.npy and nodules.npy are uint8 [slice, row, column] = [z, y, x] of ctGrid; grid voxel (x, y, z) lies at originMm + axisX*x*spacingMm[0] + axisY*y*spacingMm[1] + axisZ*z*spacingMm[2] (patient LPS mm)");
            json.WriteStartObject("lungValues");
            json.WriteString("0", "background");
            json.WriteString("1", "left lung");
            json.WriteString("2", "right lung");
            json.WriteEndObject();
            json.WriteNumber("noduleThreshold", analysis.NoduleThreshold);
            Grid(json, "ctGrid", analysis.CtGrid!);
            Grid(json, "lungGrid", analysis.LungGrid!);
            Grid(json, "noduleGrid", analysis.NoduleGrid!);
            json.WriteStartObject("noduleCrop");
            json.WriteString("meaning", "the CT voxels (inclusive index ranges) cropped before resampling to noduleGrid; noduleGrid's origin is the centre of CT voxel first");
            Triple(json, "first", crop.MinX, crop.MinY, crop.MinZ);
            Triple(json, "last", crop.MaxX, crop.MaxY, crop.MaxZ);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void Grid(Utf8JsonWriter json, string name, VolumeGeometry grid)
    {
        json.WriteStartObject(name);
        Triple(json, "size", grid.SizeX, grid.SizeY, grid.SizeZ);
        Triple(json, "spacingMm", grid.Spacing.X, grid.Spacing.Y, grid.Spacing.Z);
        Triple(json, "originMm", grid.Origin.X, grid.Origin.Y, grid.Origin.Z);
        Triple(json, "axisX", grid.AxisX.X, grid.AxisX.Y, grid.AxisX.Z);
        Triple(json, "axisY", grid.AxisY.X, grid.AxisY.Y, grid.AxisY.Z);
        Triple(json, "axisZ", grid.AxisZ.X, grid.AxisZ.Y, grid.AxisZ.Z);
        json.WriteEndObject();
    }

    private static void Triple(Utf8JsonWriter json, string name, double x, double y, double z)
    {
        json.WriteStartArray(name);
        json.WriteNumberValue(x);
        json.WriteNumberValue(y);
        json.WriteNumberValue(z);
        json.WriteEndArray();
    }
}
