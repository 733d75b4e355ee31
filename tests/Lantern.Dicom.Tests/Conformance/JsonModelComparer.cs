using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lantern.Dicom.Tests.Conformance;

/// <summary>
/// Compares two DICOM JSON documents element by element: keys, VRs, members, then values by kind
/// (numbers as numbers, strings exactly, PN groups exactly, InlineBinary as bytes), recursing into
/// sequence items. Every difference is recorded; nothing stops at the first.
/// </summary>
internal static class JsonModelComparer
{
    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void CompareDataset(string file, string path, JsonElement ours, JsonElement theirs, List<JsonDisagreement> found, string? skip = null)
    {
        var keys = ours.EnumerateObject().Select(p => p.Name)
            .Union(theirs.EnumerateObject().Select(p => p.Name))
            .Where(k => k != skip)
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var at = path + key;
            var inOurs = ours.TryGetProperty(key, out var mine);
            var inTheirs = theirs.TryGetProperty(key, out var other);
            if (!inOurs || !inTheirs)
            {
                found.Add(new JsonDisagreement(file, at, inOurs ? $"only ours has it: {Show(mine)}" : $"only dcm2json has it: {Show(other)}"));
                continue;
            }

            CompareElement(file, at, mine, other, found);
        }
    }

    private static void CompareElement(string file, string path, JsonElement ours, JsonElement theirs, List<JsonDisagreement> found)
    {
        var vr = ours.GetProperty("vr").GetString()!;
        var theirVR = theirs.GetProperty("vr").GetString()!;
        if (vr != theirVR)
        {
            found.Add(new JsonDisagreement(file, path, $"VR {vr}, dcm2json {theirVR}: ours {Show(ours)}, dcm2json {Show(theirs)}", Compact(theirs)));
            return;
        }

        var names = ours.EnumerateObject().Select(p => p.Name).Where(n => n != "vr").Order(StringComparer.Ordinal).ToArray();
        var theirNames = theirs.EnumerateObject().Select(p => p.Name).Where(n => n != "vr").Order(StringComparer.Ordinal).ToArray();
        if (!names.SequenceEqual(theirNames))
        {
            found.Add(new JsonDisagreement(file, path, $"members [{string.Join(',', names)}], dcm2json [{string.Join(',', theirNames)}]: ours {Show(ours)}, dcm2json {Show(theirs)}", Compact(theirs)));
            return;
        }

        if (ours.TryGetProperty("InlineBinary", out var bytes))
        {
            var mine = bytes.GetBytesFromBase64();
            var other = theirs.GetProperty("InlineBinary").GetBytesFromBase64();
            if (!mine.AsSpan().SequenceEqual(other))
            {
                found.Add(new JsonDisagreement(file, path, $"InlineBinary differs: ours {mine.Length} bytes {Hex(mine)}, dcm2json {other.Length} bytes {Hex(other)}", Compact(theirs)));
            }

            return;
        }

        if (!ours.TryGetProperty("Value", out var values))
        {
            return;
        }

        var theirValues = theirs.GetProperty("Value");
        if (values.GetArrayLength() != theirValues.GetArrayLength())
        {
            found.Add(new JsonDisagreement(file, path, $"{values.GetArrayLength()} values, dcm2json {theirValues.GetArrayLength()}: ours {Show(values)}, dcm2json {Show(theirValues)}", Compact(theirs)));
            return;
        }

        for (var i = 0; i < values.GetArrayLength(); i++)
        {
            var at = values.GetArrayLength() == 1 ? path : $"{path}[{i}]";
            if (vr == "SQ")
            {
                CompareDataset(file, $"{path}[{i}].", values[i], theirValues[i], found);
            }
            else if (!SameValue(vr, values[i], theirValues[i]))
            {
                found.Add(new JsonDisagreement(file, at, $"ours {Show(values[i])}, dcm2json {Show(theirValues[i])}", Compact(theirs), OutsidePrintableAscii(theirValues[i])));
            }
        }
    }

    private static bool SameValue(string vr, JsonElement ours, JsonElement theirs)
    {
        if (ours.ValueKind != theirs.ValueKind)
        {
            return false;
        }

        switch (ours.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                return ours.GetString() == theirs.GetString();
            case JsonValueKind.Number:
                return SameNumber(vr, ours.GetRawText(), theirs.GetRawText());
            case JsonValueKind.Object:
                var mine = ours.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
                var other = theirs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
                return mine.Count == other.Count && mine.All(p => other.TryGetValue(p.Key, out var v) && v == p.Value);
            default:
                return ours.GetRawText() == theirs.GetRawText();
        }
    }

    /// <summary>
    /// Numbers as numbers: FL and FD as the binary value they stand for (dcm2json prints 17
    /// significant digits where we print the shortest text that reads back the same), the others
    /// (DS, IS, integers) as exact decimals.
    /// </summary>
    private static bool SameNumber(string vr, string ours, string theirs)
    {
        if (ours == theirs)
        {
            return true;
        }

        if (vr == "FL")
        {
            return float.Parse(ours, CultureInfo.InvariantCulture) == float.Parse(theirs, CultureInfo.InvariantCulture);
        }

        if (vr == "FD")
        {
            return double.Parse(ours, CultureInfo.InvariantCulture) == double.Parse(theirs, CultureInfo.InvariantCulture);
        }

        if (decimal.TryParse(ours, NumberStyles.Float, CultureInfo.InvariantCulture, out var mine)
            && decimal.TryParse(theirs, NumberStyles.Float, CultureInfo.InvariantCulture, out var other))
        {
            return mine == other;
        }

        return double.Parse(ours, CultureInfo.InvariantCulture) == double.Parse(theirs, CultureInfo.InvariantCulture);
    }

    public static string Show(JsonElement element)
    {
        var text = Compact(element);
        return text.Length > 120 ? string.Concat(text.AsSpan(0, 120), "...") : text;
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element, CompactOptions);

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 16))) + (bytes.Length > 16 ? "..." : "");

    /// <summary>A string (or PN group) with escapes, other controls or characters past '~'.</summary>
    private static bool OutsidePrintableAscii(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.AsSpan().ContainsAnyExceptInRange(' ', '~'),
            JsonValueKind.Object => value.EnumerateObject().Any(p => OutsidePrintableAscii(p.Value)),
            _ => false,
        };

}
