namespace Lantern.Imaging.Phantoms;

/// <summary>What <see cref="PhantomWriter.Write"/> wrote: the DICOM folder and its file count, truth.json, labels.npy and, when asked, volume.npy.</summary>
public sealed record PhantomOutput(string DicomDirectory, int DicomFiles, string TruthPath, string LabelsPath, string? VolumePath);
