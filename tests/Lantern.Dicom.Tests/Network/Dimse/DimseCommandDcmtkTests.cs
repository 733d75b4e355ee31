using System.Diagnostics;
using System.Text.RegularExpressions;
using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Tests.Network.Dimse;

/// <summary>
/// DCMTK as the second reader of our command sets: dcmdump must read each value back, and dcmconv,
/// recomputing the group length, must write exactly our bytes.
/// </summary>
public sealed partial class DimseCommandDcmtkTests : IDisposable
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string InstanceUid = "1.2.826.0.1.3680043.8.498.1234567890123";

    private readonly string _directory = Directory.CreateTempSubdirectory("lantern-dimse-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Dcmdump_StoreRequest_ReadsEveryValue()
    {
        var request = DimseCommand.CreateStoreRequest(0x1234, CtImageStorage, InstanceUid, DimsePriority.High);
        request.MoveOriginatorApplicationEntityTitle = "MOVE_SCU";
        request.MoveOriginatorMessageId = 77;
        var bytes = request.Encode();
        var path = Write("store-rq.dcm", bytes);

        var (exitCode, stdout, stderr) = await Run("dcmdump", "-f", "-ti", "-Un", "+L", path);

        Assert.True(exitCode == 0 && stderr.Length == 0, $"dcmdump exit {exitCode}: {stderr}");
        var elements = ParseDump(stdout);
        Assert.Equal(
            ["0000,0000", "0000,0002", "0000,0100", "0000,0110", "0000,0700", "0000,0800", "0000,1000", "0000,1030", "0000,1031"],
            elements.Keys);
        Assert.Equal(("UL", (bytes.Length - 12).ToString(System.Globalization.CultureInfo.InvariantCulture)), elements["0000,0000"]);
        Assert.Equal(("UI", $"[{CtImageStorage}]"), elements["0000,0002"]);
        Assert.Equal(("US", "1"), elements["0000,0100"]);
        Assert.Equal(("US", "4660"), elements["0000,0110"]);
        Assert.Equal(("US", "1"), elements["0000,0700"]);
        Assert.Equal(("US", "0"), elements["0000,0800"]);
        Assert.Equal(("UI", $"[{InstanceUid}]"), elements["0000,1000"]);
        Assert.Equal(("AE", "[MOVE_SCU]"), elements["0000,1030"]);
        Assert.Equal(("US", "77"), elements["0000,1031"]);
    }

    [Fact]
    public async Task Dcmdump_StoreResponse_ReadsStatusAndComment()
    {
        var request = DimseCommand.CreateStoreRequest(9, CtImageStorage, InstanceUid);
        var response = DimseCommand.CreateStoreResponse(request, DimseStatus.OutOfResources, "Disk full");
        var path = Write("store-rsp.dcm", response.Encode());

        var (exitCode, stdout, stderr) = await Run("dcmdump", "-f", "-ti", "-Un", path);

        Assert.True(exitCode == 0 && stderr.Length == 0, $"dcmdump exit {exitCode}: {stderr}");
        var elements = ParseDump(stdout);
        Assert.Equal(("US", "32769"), elements["0000,0100"]);
        Assert.Equal(("US", "9"), elements["0000,0120"]);
        Assert.Equal(("US", "257"), elements["0000,0800"]);
        Assert.Equal(("US", "42752"), elements["0000,0900"]);
        Assert.Equal(("LO", "[Disk full]"), elements["0000,0902"]);
    }

    public static TheoryData<string> Commands => new() { "echo-rq", "echo-rsp", "store-rq", "store-rsp" };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Dcmconv_Command_RewritesOurBytesExactly(string name)
    {
        var store = DimseCommand.CreateStoreRequest(3, CtImageStorage, "1.2.345", DimsePriority.Low);
        store.MoveOriginatorApplicationEntityTitle = "ODD";
        store.MoveOriginatorMessageId = 1;
        var command = name switch
        {
            "echo-rq" => DimseCommand.CreateEchoRequest(1),
            "echo-rsp" => DimseCommand.CreateEchoResponse(DimseCommand.CreateEchoRequest(2), DimseStatus.Success),
            "store-rq" => store,
            _ => DimseCommand.CreateStoreResponse(store, DimseStatus.CoercionOfDataElements, "Coerced odd"),
        };
        var bytes = command.Encode();
        var input = Write(name + ".dcm", bytes);
        var output = Path.Combine(_directory, name + "-dcmtk.dcm");

        // Read as a bare Implicit VR Little Endian data set; write one back with group lengths recomputed.
        var (exitCode, _, stderr) = await Run("dcmconv", "-f", "-ti", "-F", "+ti", "+g", input, output);

        Assert.True(exitCode == 0 && stderr.Length == 0, $"dcmconv exit {exitCode}: {stderr}");
        Assert.Equal(bytes, File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Decode_CommandWrittenByDcmtk_ReadsItsValues()
    {
        // Our elements without (0000,0000); dcmconv writes them back with a group length of its own.
        var response = DimseCommand.CreateEchoResponse(DimseCommand.CreateEchoRequest(513), DimseStatus.Success);
        var input = Write("echo-rsp-bare.dcm", response.Encode()[12..]);
        var output = Path.Combine(_directory, "echo-rsp-dcmtk.dcm");

        var (exitCode, _, stderr) = await Run("dcmconv", "-f", "-ti", "-F", "+ti", "+g", input, output);

        Assert.True(exitCode == 0 && stderr.Length == 0, $"dcmconv exit {exitCode}: {stderr}");
        var decoded = DimseCommand.Decode(File.ReadAllBytes(output));
        Assert.Equal(DimseCommandField.CEchoResponse, decoded.CommandField);
        Assert.Equal(513, decoded.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.Success, decoded.Status);
    }

    /// <summary>Tag → (VR, value text) from dcmdump lines such as "(0000,0100) US 1   #   2, 1 CommandField".</summary>
    private static Dictionary<string, (string VR, string Value)> ParseDump(string dump)
    {
        var elements = new Dictionary<string, (string, string)>();
        foreach (Match match in DumpLine().Matches(dump))
        {
            elements[match.Groups["tag"].Value] = (match.Groups["vr"].Value, match.Groups["value"].Value.TrimEnd());
        }

        return elements;
    }

    [GeneratedRegex(@"^\((?<tag>[0-9a-f]{4},[0-9a-f]{4})\) (?<vr>[A-Z]{2}) (?<value>.*?)\s+#", RegexOptions.Multiline)]
    private static partial Regex DumpLine();

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, (await stderr).Trim());
    }
}
