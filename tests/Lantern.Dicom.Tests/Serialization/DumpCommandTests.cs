using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Lantern.Dicom.Data;
using Lantern.Node.Commands;
using Xunit;

namespace Lantern.Dicom.Tests.Serialization;

public sealed class DumpCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lantern-dump-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Invoke_ValidFile_ExitsZeroAndPrintsTree()
    {
        var path = WriteSample("ok.dcm");

        var (status, output, error) = Invoke("dump", path);

        Assert.Equal(0, status);
        Assert.Empty(error);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("# File Meta Information", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("(0010,0010) PN [Doe^John]", StringComparison.Ordinal) && l.EndsWith("8, 1 PatientName", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  (FFFE,E000) na (item 1 of 1, 1 element)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]", StringComparison.Ordinal));
    }

    [Fact]
    public void Invoke_ValidFileWithJson_ExitsZeroAndPrintsDicomJson()
    {
        var path = WriteSample("ok.dcm");

        var (status, output, error) = Invoke("dump", "--json", path);

        Assert.Equal(0, status);
        Assert.Empty(error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Doe^John", json.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.False(json.TryGetProperty("00020010", out _));
    }

    [Fact]
    public void Invoke_MissingFile_ExitsTwoWithOneLine()
    {
        var path = Path.Combine(_directory, "absent.dcm");

        var (status, output, error) = Invoke("dump", path);

        Assert.Equal(2, status);
        Assert.Empty(output);
        Assert.Equal($"lantern dump: cannot read {path}: no such file\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Invoke_Directory_ExitsTwoWithOneLine()
    {
        var (status, _, error) = Invoke("dump", "--json", _directory);

        Assert.Equal(2, status);
        Assert.Equal($"lantern dump: cannot read {_directory}: is a directory\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Invoke_TruncatedFile_ExitsTwoNamingOffsetAndTag()
    {
        var path = WriteSample("truncated.dcm");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        var (status, output, error) = Invoke("dump", "--json", path);

        Assert.Equal(2, status);
        Assert.Empty(output);
        var line = Assert.Single(error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"lantern dump: cannot read {path}: ", line, StringComparison.Ordinal);
        Assert.Contains("(at byte ", line, StringComparison.Ordinal);
        Assert.Contains("tag (7FE0,0010)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_NotDicom_ExitsTwo()
    {
        var path = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(path, "These are not the bytes you are looking for.\n");

        var (status, _, error) = Invoke("dump", path);

        Assert.Equal(2, status);
        Assert.StartsWith($"lantern dump: cannot read {path}: not DICOM", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lantern_MissingFile_ExitsTwoWithOneLineOnStandardError()
    {
        var lantern = Path.Combine(AppContext.BaseDirectory, "lantern.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(lantern);
        start.ArgumentList.Add("dump");
        start.ArgumentList.Add(Path.Combine(_directory, "absent.dcm"));

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Lantern_ValidFileWithJson_ExitsZeroAndWritesJsonToStandardOutput()
    {
        var path = WriteSample("ok.dcm");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lantern.dll"));
        start.ArgumentList.Add("dump");
        start.ArgumentList.Add("--json");
        start.ArgumentList.Add(path);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("CT", JsonDocument.Parse(output).RootElement.GetProperty("00080060").GetProperty("Value")[0].GetString());
    }

    private static (int Status, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(DumpCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var status = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (status, output.ToString(), error.ToString());
    }

    private string WriteSample(string name)
    {
        var referenced = new DicomDataset();
        referenced.AddOrUpdate(new DicomTag(0x0008, 0x1150), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.3.4.5");
        dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");
        dataset.Add(new DicomSequence(new DicomTag(0x0008, 0x1140), referenced));
        dataset.AddOrUpdate(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Doe^John");
        dataset.AddOrUpdate(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, new ushort[64]);
        var path = Path.Combine(_directory, name);
        new DicomFile(new DicomDataset(), dataset, TransferSyntax.ExplicitVRLittleEndian).Save(path);
        return path;
    }
}
