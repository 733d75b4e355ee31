using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.IO.Writing;

namespace Lantern.Dicom.Data;

/// <summary>A DICOM instance: File Meta Information (group 0002) and the data set, with the syntax it was read in.</summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, TransferSyntax transferSyntax)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>Group 0002 as read; empty for a bare data set.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The syntax the data set was read in (from the meta information, or guessed for a bare data set).</summary>
    public TransferSyntax TransferSyntax { get; }

    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return DicomFileReader.Read(stream, options ?? DicomReadOptions.Default, Path.GetFullPath(path));
    }

    /// <summary>Reads from a stream positioned at the start of the file (or bare data set).</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null) =>
        DicomFileReader.Read(stream, options ?? DicomReadOptions.Default, path: null);

    /// <summary>Writes a Part 10 file in <paramref name="transferSyntax"/> (default: the syntax it was read in).</summary>
    public void Save(string path, TransferSyntax? transferSyntax = null, DicomWriteOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        Write(stream, transferSyntax, options);
    }

    public void Write(Stream stream, TransferSyntax? transferSyntax = null, DicomWriteOptions? options = null) =>
        DicomFileWriter.Write(stream, this, transferSyntax ?? TransferSyntax, options ?? DicomWriteOptions.Default);
}
