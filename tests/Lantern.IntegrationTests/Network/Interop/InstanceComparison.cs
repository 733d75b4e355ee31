using System.Text;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Writing;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Interop;

/// <summary>
/// Whether a received instance carries the same data set as the file that was sent, whatever
/// transfer syntax either is in and however the sender re-encoded it (storescu, for one, writes
/// sequences with explicit lengths where our generator wrote undefined ones). Two checks:
/// <list type="bullet">
/// <item><see cref="AssertSameDataset"/>: both read with our reader, and every top-level element
/// re-encoded by our writer in one normal form: Explicit VR Little Endian; Implicit VR Little Endian
/// when either side is implicit (an implicit data set has no VRs for private elements to compare);
/// the compressed syntax itself when both are in it. The element lists and every element's bytes
/// must be equal: strict on every tag, VR, value byte and sequence item, blind only to length
/// encoding and byte order. Fast, so it runs on every instance.</item>
/// <item><see cref="AssertSameDatasetPerDcmtkAsync"/>: the same question answered without our code,
/// by DCMTK: <c>dcmconv</c> writes both data sets (no meta, no group lengths, undefined lengths, the
/// same normal form) and the two outputs must be byte-identical. Two processes per pair, so it runs
/// on a sample.</item>
/// </list>
/// </summary>
internal static class InstanceComparison
{
    public static void AssertSameDataset(string expectedFile, string actualFile)
    {
        var expected = DicomFile.Open(expectedFile);
        var actual = DicomFile.Open(actualFile);
        var normalForm = NormalForm(expected.TransferSyntax, actual.TransferSyntax);
        var expectedElements = expected.Dataset.ToList();
        var actualElements = actual.Dataset.ToList();
        Assert.True(
            expectedElements.Select(e => e.Tag).SequenceEqual(actualElements.Select(e => e.Tag)),
            $"{actualFile} does not have the elements of {expectedFile}:\nexpected {Tags(expectedElements)}\nactual   {Tags(actualElements)}");
        for (var i = 0; i < expectedElements.Count; i++)
        {
            var want = Encode(expectedElements[i], normalForm);
            var got = Encode(actualElements[i], normalForm);
            if (!want.AsSpan().SequenceEqual(got))
            {
                Assert.Fail($"{expectedElements[i].Tag} differs between {expectedFile} and {actualFile} ({normalForm.Name}): " +
                    $"expected {want.Length} bytes {Preview(want)}, actual {got.Length} bytes {Preview(got)}");
            }
        }
    }

    /// <summary>
    /// <c>dcmconv +te|+ti -e -g -F</c> of both files into <paramref name="scratchDirectory"/>; the
    /// outputs (data sets only) must be byte-identical.
    /// </summary>
    public static async Task AssertSameDatasetPerDcmtkAsync(string expectedFile, string actualFile, string scratchDirectory)
    {
        var expectedSyntax = DicomFile.Open(expectedFile, new() { StopBeforePixelData = true }).TransferSyntax;
        var actualSyntax = DicomFile.Open(actualFile, new() { StopBeforePixelData = true }).TransferSyntax;
        var option = NormalForm(expectedSyntax, actualSyntax).Equals(TransferSyntax.ImplicitVRLittleEndian) ? "+ti" : "+te";
        var name = Path.GetFileName(actualFile);
        var expectedOutput = Path.Combine(scratchDirectory, name + ".expected");
        var actualOutput = Path.Combine(scratchDirectory, name + ".actual");
        foreach (var (input, output) in new[] { (expectedFile, expectedOutput), (actualFile, actualOutput) })
        {
            var convert = await PeerProcess.RunAsync("dcmconv", [option, "-e", "-g", "-F", input, output], Dcmtk.DefaultTimeout);
            Assert.True(convert.Succeeded, convert.ToString());
            Assert.DoesNotContain("E: ", convert.Output, StringComparison.Ordinal);
        }

        var want = await File.ReadAllBytesAsync(expectedOutput);
        var got = await File.ReadAllBytesAsync(actualOutput);
        Assert.True(want.Length == got.Length, $"dcmconv {option} writes {want.Length} bytes for {expectedFile} but {got.Length} for {actualFile}");
        var first = want.AsSpan().CommonPrefixLength(got);
        Assert.True(first == want.Length, $"dcmconv {option} output of {expectedFile} and {actualFile} first differ at data set byte {first}");
    }

    /// <summary>Implicit VR LE when either is; a compressed syntax (encapsulated Pixel Data) when both are in it; else Explicit VR LE.</summary>
    private static TransferSyntax NormalForm(TransferSyntax expected, TransferSyntax actual)
    {
        if (expected.Equals(TransferSyntax.ImplicitVRLittleEndian) || actual.Equals(TransferSyntax.ImplicitVRLittleEndian))
        {
            return TransferSyntax.ImplicitVRLittleEndian;
        }

        return expected.IsEncapsulated && expected.Equals(actual) ? expected : TransferSyntax.ExplicitVRLittleEndian;
    }

    private static byte[] Encode(DicomElement element, TransferSyntax syntax)
    {
        using var stream = new MemoryStream();
        DicomDatasetWriter.Write(stream, new DicomDataset([element]), syntax);
        return stream.ToArray();
    }

    private static string Tags(List<DicomElement> elements) => string.Join(' ', elements.Select(e => e.Tag.ToString()));

    private static string Preview(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes.Take(48))
        {
            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return bytes.Length > 48 ? text.Append("...").ToString() : text.ToString();
    }
}
