using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Analysis;

/// <summary>
/// <c>lantern analyze</c> and <c>lantern evaluate</c> as processes, with the models the build copies beside
/// the executable: exit codes and the JSON contract. Accuracy is <c>lantern evaluate</c>'s business, not these tests'.
/// </summary>
public sealed class AnalyzeCommandTests(ITestOutputHelper output)
{
    // Two models on a shared 2-core machine: generous, never a measurement.
    private static readonly TimeSpan s_analysisTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Analyze_Phantom_ExitZeroAndFindingsJson()
    {
        using var directory = new TempDirectory("analyze");
        var phantom = Path.Combine(directory.Path, "phantom");
        var json = Path.Combine(directory.Path, "findings.json");
        var written = await LanternCli.RunAsync(["phantom", "--out", phantom, "--seed", "9090", "--size", "128", "--slices", "40", "--slice-thickness", "2.5"]);
        Assert.True(written.Succeeded, written.ToString());

        var run = await LanternCli.RunAsync(["analyze", Path.Combine(phantom, "dicom"), "--json", json], s_analysisTimeout);
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("nodule inference", run.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(["findings"], document.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var finding in document.RootElement.GetProperty("findings").EnumerateArray())
        {
            Assert.Equal(3, finding.GetProperty("centerMm").EnumerateArray().Count(c => c.ValueKind == JsonValueKind.Number));
            Assert.True(finding.GetProperty("diameterMm").GetDouble() > 0);
            Assert.True(finding.GetProperty("volumeMm3").GetDouble() > 0);
            Assert.InRange(finding.GetProperty("score").GetDouble(), 0, 1);
            Assert.Contains(finding.GetProperty("side").GetString(), new[] { "left", "right" });
        }

        // The table shows the 20 best findings and counts the rest; the JSON holds them all.
        var count = document.RootElement.GetProperty("findings").GetArrayLength();
        var rows = run.StandardOutput.Split('\n').Count(line => Regex.IsMatch(line, @"^\s*\d+\s+-?\d+\.\d\s"));
        Assert.Equal(Math.Min(count, 20), rows);
        Assert.Equal(count > 20, run.StandardOutput.Contains($"... {count - 20} more, scores ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_MrSeries_NotAnalysableJsonAndExitCode3()
    {
        using var directory = new TempDirectory("analyze-mr");
        var series = directory.Subdirectory("mr");
        var json = Path.Combine(directory.Path, "findings.json");
        for (var slice = 0; slice < 4; slice++)
        {
            WriteMrSlice(Path.Combine(series, $"MR{slice}.dcm"), slice);
        }

        var run = await LanternCli.RunAsync(["analyze", series, "--json", json], s_analysisTimeout);
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.StartsWith("not analysable: ", run.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var property = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("notAnalysable", property.Name);
        Assert.Contains("not CT", property.Value.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_MissingFolder_OneLineAndExitCode2()
    {
        using var directory = new TempDirectory("analyze-missing");
        var missing = Path.Combine(directory.Path, "nothing");

        var run = await LanternCli.RunAsync(["analyze", missing]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"lantern analyze: no such folder: {missing}", run.StandardError.Trim());
    }

    [Fact]
    public async Task Evaluate_ReversedSeedRange_OneLineAndExitCode2()
    {
        var run = await LanternCli.RunAsync(["evaluate", "--seeds", "9005..9001"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("lantern evaluate: --seeds takes A..B or one seed, whole numbers with A <= B (got '9005..9001')", run.StandardError.Trim());
    }

    /// <summary>One MR Image with the attributes a reader of a volume looks at: a series the analysis must refuse as not CT.</summary>
    private static void WriteMrSlice(string path, int slice)
    {
        const int Size = 8;
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, DicomUid.MRImageStorage.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTag.Modality, DicomVR.CS, "MR");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, DicomVR.UI, "2.25.1");
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomVR.UI, "2.25.2");
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, DicomVR.UI, "2.25.3");
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, (slice + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, "0", "0", (slice * 5).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, "1", "0", "0", "0", "1", "0");
        ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, "1", "1");
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)Size);
        ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)Size);
        ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)15);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)0);
        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)new byte[Size * Size * 2]);
        var syntax = TransferSyntax.ExplicitVRLittleEndian;
        new DicomFile(new DicomDataset(), ds, syntax).Save(path, syntax);
    }
}
