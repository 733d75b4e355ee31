using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Pipeline;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Pipeline;

/// <summary>The files an analysis writes: the findings JSON (a contract other tools read) and the masks.</summary>
public sealed class ChestCtAnalysisTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public void WriteJson_Findings_OnlyFindingsWithTheContractFields()
    {
        using var document = JsonDocument.Parse(Json(fixture.Analysis));
        var root = document.RootElement;

        Assert.Equal(["findings"], root.EnumerateObject().Select(p => p.Name));
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(fixture.Analysis.Findings.Count, findings.Count);
        for (var i = 0; i < findings.Count; i++)
        {
            var expected = fixture.Analysis.Findings[i];
            var finding = findings[i];
            Assert.Equal([expected.CenterMm.X, expected.CenterMm.Y, expected.CenterMm.Z], finding.GetProperty("centerMm").EnumerateArray().Select(c => c.GetDouble()));
            Assert.Equal(expected.DiameterMm, finding.GetProperty("diameterMm").GetDouble());
            Assert.Equal(expected.VolumeMm3, finding.GetProperty("volumeMm3").GetDouble());
            Assert.Equal(expected.Score, finding.GetProperty("score").GetDouble());
            Assert.Equal(ChestCtAnalysis.SideName(expected.Side), finding.GetProperty("side").GetString());
            Assert.Equal(expected.EquivalentDiameterMm, finding.GetProperty("equivalentDiameterMm").GetDouble());
            Assert.Equal(expected.MeanHu, finding.GetProperty("meanHu").GetDouble());
            Assert.Equal(expected.PeakProbability, finding.GetProperty("peakProbability").GetDouble());
            Assert.Equal(expected.MeanProbability, finding.GetProperty("meanProbability").GetDouble());
            Assert.Equal(expected.LungFraction, finding.GetProperty("lungFraction").GetDouble());
            Assert.False(finding.TryGetProperty("classifierLogit", out _));
            Assert.Equal("detector", finding.GetProperty("source").GetString());
            Assert.False(finding.TryGetProperty("blobDot", out _));
        }

        Assert.Equal(["left", "right"], findings.Select(f => f.GetProperty("side").GetString()).Order());
    }

    [Fact]
    public void WriteJson_NoduleModelWithCandidateClassifier_EachFindingHasItsLogit()
    {
        using var models = new PipelineModels(candidateClassifier: true);
        using var runtime = TestModels.CpuRuntime();
        using var analyzer = ChestCtAnalyzer.Open(models.Directory, runtime);
        var analysis = analyzer.Analyze(TwoLungVolume.Create());

        using var document = JsonDocument.Parse(Json(analysis));

        var logits = document.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("classifierLogit").GetDouble());
        Assert.Equal(analysis.Findings.Select(f => f.ClassifierLogit!.Value), logits);
        Assert.Equal(2, analysis.Findings.Count);
    }

    [Fact]
    public void WriteJson_NoduleModelWithBlobCandidates_ABallTooFaintForTheDetectorIsABlob()
    {
        // 0 HU stays under the nodule threshold (from 61 HU); a 3 mm ball of it in the left lung is plain to the filter.
        var volume = TwoLungVolume.Create();
        var ball = new Vector3D(10, 12, 140);
        var g = volume.Geometry;
        for (var z = 0; z < g.SizeZ; z++)
        {
            for (var y = 0; y < g.SizeY; y++)
            {
                for (var x = 0; x < g.SizeX; x++)
                {
                    if ((g.VoxelToPatient(x, y, z) - ball).Length <= 1.5)
                    {
                        volume[x, y, z] = 0;
                    }
                }
            }
        }

        using var models = new PipelineModels(candidateClassifier: true, blobCandidates: true);
        using var runtime = TestModels.CpuRuntime();
        using var analyzer = ChestCtAnalyzer.Open(models.Directory, runtime);
        var analysis = analyzer.Analyze(volume);

        using var document = JsonDocument.Parse(Json(analysis));

        var findings = document.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(2, findings.Count(f => f.GetProperty("source").GetString() == "detector"));
        var blob = Assert.Single(findings, f => f.GetProperty("source").GetString() == "blob");
        var centre = blob.GetProperty("centerMm").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.InRange((new Vector3D(centre[0], centre[1], centre[2]) - ball).Length, 0, 1.5);
        Assert.Equal(analysis.Findings.Single(f => f.BlobDot is not null).BlobDot!.Value, blob.GetProperty("blobDot").GetDouble());
        Assert.True(blob.GetProperty("blobDot").GetDouble() >= 20);
        Assert.Equal("left", blob.GetProperty("side").GetString());
        Assert.True(analysis.Timings.BlobFilter > TimeSpan.Zero);
    }

    [Fact]
    public void WriteJson_NotAnalysable_OnlyTheReason()
    {
        using var directory = new TempFolder();
        var analysis = fixture.Analyzer.Analyze(directory.Path);

        var json = Json(analysis);

        Assert.Equal("{\n  \"notAnalysable\": \"the folder holds no readable DICOM image\"\n}\n", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void WriteMasks_AnalysisWithMasks_NpyArraysOfTheCtGridAndTheirGrids()
    {
        using var directory = new TempFolder();

        fixture.Analysis.WriteMasks(directory.Path);

        var lungs = ReadNpy(Path.Combine(directory.Path, "lungs.npy"));
        var nodules = ReadNpy(Path.Combine(directory.Path, "nodules.npy"));
        Assert.Equal("{'descr': '|u1', 'fortran_order': False, 'shape': (40, 48, 64), }", lungs.Header);
        Assert.Equal(fixture.Analysis.LungMask!.Labels.Voxels, lungs.Data);
        Assert.Equal(fixture.Analysis.NoduleMask!.Voxels, nodules.Data);
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.Path, "masks.json")));
        var root = description.RootElement;
        int[] Size(string grid) => [.. root.GetProperty(grid).GetProperty("size").EnumerateArray().Select(v => v.GetInt32())];
        Assert.Equal([64, 48, 40], Size("ctGrid"));
        Assert.Equal([16, 12, 15], Size("lungGrid"));
        var nodule = fixture.Analysis.NoduleGrid!;
        Assert.Equal([nodule.SizeX, nodule.SizeY, nodule.SizeZ], Size("noduleGrid"));
        Assert.Equal(PipelineModels.NoduleThreshold, root.GetProperty("noduleThreshold").GetDouble());
        Assert.Equal([0, 0, 0], root.GetProperty("noduleCrop").GetProperty("first").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void WriteMasks_AnalysisWithoutMasks_Throws()
    {
        using var directory = new TempFolder();
        var analysis = fixture.Analyzer.Analyze(TwoLungVolume.Create());

        Assert.Throws<InvalidOperationException>(() => analysis.WriteMasks(directory.Path));
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    private static string Json(ChestCtAnalysis analysis)
    {
        using var stream = new MemoryStream();
        analysis.WriteJson(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (string Header, byte[] Data) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY"u8.ToArray(), bytes[1..6]);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + length) % 64);
        return (Encoding.ASCII.GetString(bytes, 10, length).TrimEnd(), bytes[(10 + length)..]);
    }
}
