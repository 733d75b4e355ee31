using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lantern.Dicom.Data;
using Lantern.Imaging.Phantoms;

namespace Lantern.Imaging.Tests.Phantoms;

public sealed class PhantomWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lantern-phantom-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_SameSeedTwice_ByteIdenticalFiles()
    {
        var options = new PhantomOptions { Seed = 17, Size = 64, Slices = 6, Nodules = 3 };

        var first = PhantomWriter.Write(PhantomGenerator.Create(options), Path.Combine(_directory, "a"), writeVolume: true);
        var second = PhantomWriter.Write(PhantomGenerator.Create(options), Path.Combine(_directory, "b"), writeVolume: true);

        Assert.Equal(Hashes(Path.Combine(_directory, "a")), Hashes(Path.Combine(_directory, "b")));
        Assert.Equal(6, first.DicomFiles);
        Assert.Equal(6 + 3, Hashes(Path.Combine(_directory, "b")).Count);
        Assert.NotNull(second.VolumePath);
    }

    [Fact]
    public void Write_OtherSeed_DifferentPixels()
    {
        PhantomWriter.Write(PhantomGenerator.Create(new PhantomOptions { Seed = 1, Size = 64, Slices = 2 }), Path.Combine(_directory, "a"), writeVolume: true);
        PhantomWriter.Write(PhantomGenerator.Create(new PhantomOptions { Seed = 2, Size = 64, Slices = 2 }), Path.Combine(_directory, "b"), writeVolume: true);

        Assert.NotEqual(Hash(Path.Combine(_directory, "a", PhantomWriter.VolumeFile)), Hash(Path.Combine(_directory, "b", PhantomWriter.VolumeFile)));
    }

    [Fact]
    public void Write_TruthJson_FollowsTheContract()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 25, Size = 64, SliceThicknessMm = 5, Nodules = 6 });
        var output = PhantomWriter.Write(phantom, _directory, writeVolume: false);

        using var json = JsonDocument.Parse(File.ReadAllBytes(output.TruthPath));
        var nodules = json.RootElement.GetProperty("nodules").EnumerateArray().ToList();
        Assert.Equal(phantom.Nodules.Count, nodules.Count);
        Assert.NotEmpty(nodules);
        for (var i = 0; i < nodules.Count; i++)
        {
            var nodule = nodules[i];
            Assert.Equal(["attachment", "centerMm", "diameterMm", "side", "type"], nodule.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            var center = nodule.GetProperty("centerMm").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal([phantom.Nodules[i].X, phantom.Nodules[i].Y, phantom.Nodules[i].Z], center);
            Assert.Equal(phantom.Nodules[i].DiameterMm, nodule.GetProperty("diameterMm").GetDouble());
            Assert.Contains(nodule.GetProperty("type").GetString(), new[] { "solid", "part-solid", "ground-glass" });
            Assert.Contains(nodule.GetProperty("attachment").GetString(), new[] { "isolated", "juxta-pleural", "juxta-vascular" });
            Assert.Contains(nodule.GetProperty("side").GetString(), new[] { "left", "right" });
        }

        Assert.Equal(25UL, json.RootElement.GetProperty("seed").GetUInt64());
    }

    [Fact]
    public void Write_LabelsAndVolume_AreNpyVersion1InSliceRowColumnOrder()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 3, Size = 48, Slices = 5 });
        var output = PhantomWriter.Write(phantom, _directory, writeVolume: true);

        AssertNpy(output.LabelsPath, "'descr': '|u1'", 5L * 48 * 48);
        AssertNpy(output.VolumePath!, "'descr': '<i2'", 5L * 48 * 48 * 2);
    }

    [Fact]
    public void Write_DicomSlices_MatchVolumeAndGeometry()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 14, Size = 48, Slices = 4, SliceThicknessMm = 2, SliceSpacingMm = 1.5 });
        var output = PhantomWriter.Write(phantom, _directory, writeVolume: true);
        var volume = File.ReadAllBytes(output.VolumePath!);
        var header = volume.Length - (4 * 48 * 48 * 2);
        var g = phantom.Geometry;

        var files = Directory.GetFiles(output.DicomDirectory).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, files.Length);
        for (var slice = 0; slice < files.Length; slice++)
        {
            var dataset = DicomFile.Open(files[slice]).Dataset;
            Assert.Equal(DicomUid.CTImageStorage.Value, dataset.GetString(DicomTag.SOPClassUID));
            Assert.Equal($"{slice + 1}", dataset.GetString(DicomTag.InstanceNumber));
            Assert.Equal(g.SliceZ(slice), double.Parse(dataset.GetStrings(DicomTag.ImagePositionPatient)[2], System.Globalization.CultureInfo.InvariantCulture), 6);
            Assert.Equal("PHANTOM^14", dataset.GetString(DicomTag.PatientName));
            Assert.Equal("PHANTOM-14", dataset.GetString(DicomTag.PatientID));
            Assert.Equal("1.5", dataset.GetString(DicomTag.SpacingBetweenSlices));
            var pixels = dataset[DicomTag.PixelData]!;
            var stored = ((DicomValueElement)pixels).Buffer.Memory.ToArray();
            for (var i = 0; i < 48 * 48; i += 97)
            {
                var hu = BinaryPrimitives.ReadInt16LittleEndian(volume.AsSpan(header + (((slice * 48 * 48) + i) * 2)));
                Assert.Equal(hu, BinaryPrimitives.ReadInt16LittleEndian(stored.AsSpan(i * 2)) - 1024);
            }
        }
    }

    private static void AssertNpy(string path, string descriptor, long dataBytes)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal((1, 0), (bytes[6], bytes[7]));
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains(descriptor, header, StringComparison.Ordinal);
        Assert.Contains("'fortran_order': False", header, StringComparison.Ordinal);
        Assert.Contains("'shape': (5, 48, 48)", header, StringComparison.Ordinal);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        Assert.Equal(10 + headerLength + dataBytes, bytes.Length);
    }

    private static SortedDictionary<string, string> Hashes(string directory) =>
        new(Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(directory, f), Hash), StringComparer.Ordinal);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
