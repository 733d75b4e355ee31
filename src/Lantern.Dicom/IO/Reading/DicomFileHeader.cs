using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.Reading;

/// <summary>What precedes the data set in a file: its meta information, syntax and where it starts.</summary>
public sealed record DicomFileHeader(DicomDataset FileMetaInformation, TransferSyntax TransferSyntax, long DatasetOffset)
{
    /// <summary>Reads only the preamble and File Meta Information of <paramref name="path"/>.</summary>
    public static DicomFileHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return DicomFileReader.ReadHeader(stream);
    }
}
