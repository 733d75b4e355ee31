using Lantern.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Lantern.IntegrationTests.Imaging;

/// <summary>
/// <c>lantern phantom</c> against second readers: dciodvfy (dicom3tools) must find no error in the
/// CT Image instances, pydicom and NumPy must read the slices, labels and volume as written.
/// </summary>
public sealed class PhantomCommandTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(60);

    // Seeds that between them cover contrast given or not and padding outside the circle or not.
    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("15")]
    public async Task Phantom_Slices_DciodvfyFindsNoError(string seed)
    {
        using var directory = new TempDirectory("phantom");
        var written = await RunPhantomAsync(directory.Path, "--seed", seed, "--size", "96", "--slices", "4", "--nodules", "1");

        foreach (var file in new[] { "CT0001.dcm", "CT0004.dcm" })
        {
            var check = await PeerProcess.RunAsync("dciodvfy", ["-new", Path.Combine(written, "dicom", file)], s_toolTimeout);
            output.WriteLine(check.Output);
            var errors = check.Output.Split('\n').Where(line => line.Contains("Error", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(errors.Count == 0, $"dciodvfy on seed {seed} {file}:\n{check.Output}");
            Assert.Contains("CTImage", check.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Phantom_Output_ReadByPydicomAndNumpy()
    {
        using var directory = new TempDirectory("phantom-python");
        var written = await RunPhantomAsync(directory.Path, "--seed", "4", "--size", "64", "--slices", "5", "--npy");
        const string Script = """
            import glob, json, sys
            import numpy, pydicom
            root = sys.argv[1]
            files = sorted(glob.glob(root + '/dicom/*.dcm'))
            slices = [pydicom.dcmread(f) for f in files]
            hu = numpy.stack([s.pixel_array * float(s.RescaleSlope) + float(s.RescaleIntercept) for s in slices])
            volume = numpy.load(root + '/volume.npy')
            labels = numpy.load(root + '/labels.npy')
            truth = json.load(open(root + '/truth.json'))
            z = [float(s.ImagePositionPatient[2]) for s in slices]
            assert volume.dtype == numpy.int16 and labels.dtype == numpy.uint8, (volume.dtype, labels.dtype)
            assert volume.shape == labels.shape == hu.shape == (5, 64, 64), (volume.shape, labels.shape, hu.shape)
            assert (volume == hu).all()
            assert z == sorted(z) and [int(s.InstanceNumber) for s in slices] == [1, 2, 3, 4, 5]
            assert set(numpy.unique(labels)) <= {0, 1, 2, 3}
            assert str(slices[0].PatientName) == 'PHANTOM^4' and slices[0].PatientID == 'PHANTOM-4'
            print('ok', len(truth['nodules']), 'nodules', volume.min(), volume.max())
            """;
        var check = await PeerProcess.RunAsync(Python, ["-c", Script, written], s_toolTimeout);

        Assert.True(check.Succeeded, check.ToString());
        Assert.StartsWith("ok ", check.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--slice-thickness", "-2", "0.1 and 20 mm")]
    [InlineData("--nodule-max-diameter", "40", "3 and 30 mm")]
    public async Task Phantom_BadArgument_OneLineAndExitCode2(string option, string value, string range)
    {
        using var directory = new TempDirectory("phantom-bad");

        var result = await LanternCli.RunAsync(["phantom", "--out", directory.Path, "--seed", "1", option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"lantern phantom: {option} must be between {range} (got {value})", result.StandardError.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    private async Task<string> RunPhantomAsync(string directory, params string[] arguments)
    {
        var target = Path.Combine(directory, "out");
        var run = await LanternCli.RunAsync(["phantom", "--out", target, .. arguments]);
        output.WriteLine(run.Output);
        Assert.True(run.Succeeded, run.ToString());
        Assert.StartsWith("phantom seed ", run.StandardOutput, StringComparison.Ordinal);
        return target;
    }
}
