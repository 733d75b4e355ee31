using System.Buffers;
using Lantern.Dicom.Data;
using Lantern.Dicom.Interop;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.IO.Writing;

namespace Lantern.Dicom.Network.Scp;

/// <summary>
/// The data set of one C-STORE request, written to disk as it arrives: a Part 10 file (File Meta
/// Information with the negotiated syntax and the calling AE, then the received bytes as they are)
/// in a hidden folder beside the destination. <see cref="Commit"/> flushes it to stable storage and
/// renames it into place, so a file is visible under its final name only once it is complete and
/// durable. Anything not committed is deleted on dispose, or swept by <see cref="SweepAbandoned"/>
/// after a crash.
/// </summary>
public sealed class IncomingInstanceFile : IDisposable
{
    /// <summary>Where data sets are written while they arrive; same file system as the destination.</summary>
    public const string PartialFolderName = ".incoming";

    private const string PartialExtension = ".partial";

    /// <summary>
    /// Writeback of a large data set is started every this many bytes, so the final fsync finds
    /// little left to write. Smaller data sets skip it: submitting the I/O is synchronous and costs
    /// more on the receive path than the fsync it would save.
    /// </summary>
    private const long WritebackChunk = 8 * 1024 * 1024;

    private static readonly DicomReadOptions s_structureOnly = new() { LargeValueThreshold = 4096 };

    private readonly FileStream _file;
    private long _writebackStart;
    private bool _committed;

    private IncomingInstanceFile(string partialPath, FileStream file)
    {
        PartialPath = partialPath;
        _file = file;
    }

    /// <summary>The temporary file; never a name a reader of the folder looks for.</summary>
    public string PartialPath { get; }

    /// <summary>Data set bytes received so far.</summary>
    public long DatasetLength { get; private set; }

    public static IncomingInstanceFile Begin(string directory, string sopClassUid, string sopInstanceUid, TransferSyntax syntax, string callingApplicationEntityTitle)
    {
        var partialDirectory = Path.Combine(directory, PartialFolderName);
        Directory.CreateDirectory(partialDirectory);
        var partialPath = Path.Combine(partialDirectory, Guid.NewGuid().ToString("N") + PartialExtension);
        var file = new FileStream(partialPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var meta = DicomFileWriter.BuildMeta(new DicomDataset(), sopClassUid, sopInstanceUid, syntax, callingApplicationEntityTitle);
            // The file is unbuffered (data set bytes go straight to the kernel): assemble the header first.
            using var header = new MemoryStream(512);
            DicomFileWriter.WriteHeader(header, meta);
            file.Write(header.GetBuffer(), 0, (int)header.Length);
            return new IncomingInstanceFile(partialPath, file);
        }
        catch
        {
            file.Dispose();
            File.Delete(partialPath);
            throw;
        }
    }

    public void Append(ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            _file.Write(segment.Span);
        }

        DatasetLength += data.Length;
        var unsubmitted = _file.Position - _writebackStart;
        if (unsubmitted >= WritebackChunk)
        {
            DurableFiles.StartWriteback(_file.SafeFileHandle, _writebackStart, unsubmitted);
            _writebackStart += unsubmitted;
        }
    }

    /// <summary>
    /// The data set read back from what was written. Every element is parsed and must lie within the
    /// file (Pixel Data included, so a data set cut short is refused); values of 4 KiB or more are
    /// skipped over, not loaded.
    /// </summary>
    public DicomDataset ReadHeader() => DicomFile.Open(PartialPath, s_structureOnly).Dataset;

    /// <summary>
    /// Flushes the file to stable storage and renames it to <paramref name="fileName"/> in the
    /// destination folder (replacing an earlier copy of the same instance). Call only once the whole
    /// data set has arrived; the success status goes out after this returns.
    /// </summary>
    public string Commit(string fileName)
    {
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        var destination = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(PartialPath)!)!, fileName);
        DurableFiles.Rename(PartialPath, destination);
        _committed = true;
        return destination;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        _file.Dispose();
        if (!_committed)
        {
            File.Delete(PartialPath);
        }
    }

    /// <summary>Deletes temporary files a crashed receiver left in <paramref name="directory"/>; returns how many.</summary>
    public static int SweepAbandoned(string directory)
    {
        var partialDirectory = Path.Combine(directory, PartialFolderName);
        if (!Directory.Exists(partialDirectory))
        {
            return 0;
        }

        var count = 0;
        foreach (var path in Directory.EnumerateFiles(partialDirectory, "*" + PartialExtension))
        {
            File.Delete(path);
            count++;
        }

        return count;
    }
}
