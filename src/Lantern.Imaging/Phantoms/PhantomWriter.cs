using System.Buffers.Binary;
using Lantern.Imaging.Volumes;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// Writes a phantom to a folder: <c>dicom/CT0001.dcm</c>... (one CT Image per slice, Explicit VR
/// Little Endian, slice 1 at the feet), <c>truth.json</c>, <c>labels.npy</c> (uint8, [slice, row,
/// column]) and optionally <c>volume.npy</c> (int16 HU, same shape). Slices are drawn in parallel,
/// each thread with its own buffers; every file's bytes depend only on the seed and the options.
/// </summary>
public static class PhantomWriter
{
    public const string DicomFolder = "dicom";
    public const string TruthFile = "truth.json";
    public const string LabelsFile = "labels.npy";
    public const string VolumeFile = "volume.npy";

    public static PhantomOutput Write(ChestPhantom phantom, string directory, bool writeVolume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        var g = phantom.Geometry;
        var dicom = Directory.CreateDirectory(Path.Combine(directory, DicomFolder)).FullName;
        var truthPath = Path.Combine(directory, TruthFile);
        using (var truth = new FileStream(truthPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            PhantomTruth.Write(truth, phantom);
        }

        var labelsPath = Path.Combine(directory, LabelsFile);
        var volumePath = writeVolume ? Path.Combine(directory, VolumeFile) : null;
        var pixels = g.Columns * g.Rows;
        using var labels = new NpyFile(labelsPath, "|u1", g.Slices, g.Rows, g.Columns, sizeof(byte));
        using var volume = volumePath is null ? null : new NpyFile(volumePath, "<i2", g.Slices, g.Rows, g.Columns, sizeof(short));
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(
            0,
            g.Slices,
            options,
            () => new Workspace(new SliceRenderer(phantom), new short[pixels], new byte[pixels], volume is null ? [] : new byte[pixels * sizeof(short)]),
            (slice, _, workspace) =>
            {
                workspace.Renderer.Render(slice, workspace.Hu, workspace.Labels);
                PhantomDicom.Create(phantom, slice, workspace.Hu).Save(Path.Combine(dicom, SliceFileName(slice)));
                labels.WriteSlice(slice, workspace.Labels);
                if (volume is not null)
                {
                    for (var i = 0; i < pixels; i++)
                    {
                        BinaryPrimitives.WriteInt16LittleEndian(workspace.VolumeBytes.AsSpan(i * sizeof(short)), workspace.Hu[i]);
                    }

                    volume.WriteSlice(slice, workspace.VolumeBytes);
                }

                return workspace;
            },
            _ => { });
        return new PhantomOutput(dicom, g.Slices, truthPath, labelsPath, volumePath);
    }

    /// <summary>CT0001.dcm for slice 0; the number widens past 9999 slices.</summary>
    public static string SliceFileName(int slice) => $"CT{slice + 1:D4}.dcm";

    private sealed record Workspace(SliceRenderer Renderer, short[] Hu, byte[] Labels, byte[] VolumeBytes);
}
