using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Buffers;
using Lantern.Dicom.Tests.Support;

namespace Lantern.Dicom.Tests.Data;

public sealed class DicomFragmentSequenceTests
{
    [Fact]
    public void GetFrames_EveryEncapsulatedCorpusFile_MatchesPydicomsFrames()
    {
        var files = PydicomCorpus.ReadableFiles.Where(f => f.File.Dataset[DicomTag.PixelData] is DicomFragmentSequence).ToList();
        Assert.True(files.Count > 20, $"only {files.Count} encapsulated files");
        var expected = PydicomFrames(files.Select(f => f.Path));

        var failures = new List<string>();
        foreach (var (path, file) in files)
        {
            var fragments = (DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!;
            var frameCount = file.Dataset.TryGetValue<int>(DicomTag.NumberOfFrames, out var n) ? n : 1;
            var extended = file.Dataset.Contains(DicomTag.ExtendedOffsetTable) ? file.Dataset.GetValues<ulong>(DicomTag.ExtendedOffsetTable) : null;
            var ours = fragments.GetFrames(frameCount, extended).Select(f => Convert.ToHexStringLower(SHA256.HashData(f.Span))).ToList();
            if (!ours.SequenceEqual(expected[path]))
            {
                failures.Add($"{Path.GetFileName(path)}: {ours.Count} frames, pydicom {expected[path].Count}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void GetFrames_BasicOffsetTable_SplitsMultiFragmentFrames()
    {
        byte[] a = [1, 2], b = [3, 4, 5, 6], c = [7, 8];
        var offsets = new byte[8];
        BitConverter.TryWriteBytes(offsets.AsSpan(4), (uint)(8 + a.Length + 8 + b.Length));
        var sequence = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.FromBytes(offsets),
            [DicomBuffer.FromBytes(a), DicomBuffer.FromBytes(b), DicomBuffer.FromBytes(c)]);

        var frames = sequence.GetFrames(2);

        Assert.Equal([1, 2, 3, 4, 5, 6], frames[0].ToArray());
        Assert.Equal([7, 8], frames[1].ToArray());
    }

    [Fact]
    public void GetFrames_NoOffsetTableAndAmbiguousFragments_ThrowsDicomDataException()
    {
        var sequence = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.Empty,
            [DicomBuffer.FromBytes(new byte[2]), DicomBuffer.FromBytes(new byte[2]), DicomBuffer.FromBytes(new byte[2])]);

        Assert.Throws<DicomDataException>(() => sequence.GetFrames(2));
    }

    private static Dictionary<string, List<string>> PydicomFrames(IEnumerable<string> paths, [CallerFilePath] string source = "")
    {
        var script = Path.Combine(Path.GetDirectoryName(source)!, "encapsulated_frames.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, .. paths]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return JsonSerializer.Deserialize<Dictionary<string, List<string>>>(output)!;
    }
}
