using System.Text.RegularExpressions;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// What DCMTK's <c>dcmdump</c> reads in a set of received files: one process over all of them
/// (<c>+F</c>: a header naming each file; <c>+fo</c>: Part 10 files only, with File Meta Information;
/// <c>-Un</c>: UIDs as numbers), asserted to exit 0 without an "E:" line, then split per file on
/// its "# dcmdump (i/n): PATH" headers.
/// </summary>
internal static partial class DcmdumpReport
{
    public static async Task<IReadOnlyDictionary<string, DumpedInstance>> ReadAsync(IReadOnlyCollection<string> files)
    {
        Assert.NotEmpty(files);
        var dump = await Dcmtk.DcmdumpAsync(files, ["+F", "+fo", "-Un"]);
        Assert.True(dump.Succeeded, dump.ToString());
        var errors = ErrorLine().Matches(dump.Output).Select(m => m.Value).ToList();
        Assert.True(errors.Count == 0, $"dcmdump reported errors:\n{string.Join('\n', errors.Take(20))}");

        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = FileHeader().Matches(dump.StandardOutput);
        for (var i = 0; i < headers.Count; i++)
        {
            var start = headers[i].Index + headers[i].Length;
            var end = i + 1 < headers.Count ? headers[i + 1].Index : dump.StandardOutput.Length;
            sections[headers[i].Groups[1].Value] = dump.StandardOutput[start..end];
        }

        Assert.Equal(files.Count, sections.Count);
        return sections.ToDictionary(
            section => section.Key,
            section => new DumpedInstance(
                section.Key,
                Value(TransferSyntaxLine(), section.Value),
                Value(SourceAeLine(), section.Value),
                Value(SopInstanceUidLine(), section.Value),
                PixelDataLine().IsMatch(section.Value)),
            StringComparer.Ordinal);
    }

    private static string? Value(Regex pattern, string text) => pattern.Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^# dcmdump \(\d+/\d+\): (.+)$", RegexOptions.Multiline)]
    private static partial Regex FileHeader();

    [GeneratedRegex(@"^E: .*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"^\(0002,0010\) UI \[([0-9.]+)\]", RegexOptions.Multiline)]
    private static partial Regex TransferSyntaxLine();

    [GeneratedRegex(@"^\(0002,0016\) AE \[([^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex SourceAeLine();

    [GeneratedRegex(@"^\(0008,0018\) UI \[([0-9.]+)\]", RegexOptions.Multiline)]
    private static partial Regex SopInstanceUidLine();

    [GeneratedRegex(@"^\(7fe0,0010\) OW ", RegexOptions.Multiline)]
    private static partial Regex PixelDataLine();
}

/// <summary>One file as dcmdump read it: meta Transfer Syntax UID and Source AE Title, SOP Instance UID, whether Pixel Data was there.</summary>
internal sealed record DumpedInstance(string Path, string? TransferSyntaxUid, string? SourceAeTitle, string? SopInstanceUid, bool HasPixelData);
