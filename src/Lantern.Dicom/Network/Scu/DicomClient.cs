using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.IO.Writing;
using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.Dimse;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.Scu;

/// <summary>
/// A DICOM SCU: C-ECHO, and C-STORE of files over one or more associations. Each file's data set is
/// streamed from disk in its own syntax when the peer accepts it, and transcoded between the
/// uncompressed syntaxes when the peer accepts only another.
/// </summary>
public static class DicomClient
{
    /// <summary>Most presentation contexts one association can carry (odd ids 1–255).</summary>
    private const int MaximumContexts = 128;

    /// <summary>Every element parsed, values this long or longer skipped (their lengths still checked against the file's).</summary>
    private static readonly DicomReadOptions s_structureOnly = new() { LargeValueThreshold = 4096 };

    public static async Task<DimseStatus> EchoAsync(DicomClientOptions options, CancellationToken cancellationToken)
    {
        PresentationContextRequest[] proposed = [new(1, DicomUid.Verification.Value, [TransferSyntax.ImplicitVRLittleEndian.Uid])];
        await using var association = await ScuAssociation.OpenAsync(options, proposed, cancellationToken).ConfigureAwait(false);
        var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return status;
    }

    /// <summary>
    /// Sends every file (folders are searched recursively) over up to <paramref name="associations"/>
    /// associations in parallel; one result per file, in the order given.
    /// </summary>
    public static async Task<IReadOnlyList<StoreResult>> SendAsync(DicomClientOptions options, IEnumerable<string> paths, int associations, CancellationToken cancellationToken)
    {
        var files = paths.SelectMany(Expand).Select(Describe).ToList();
        var results = new StoreResult?[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Error is { } error)
            {
                results[i] = new StoreResult(files[i].Path, null, null, error);
            }
        }

        var sendable = Enumerable.Range(0, files.Count).Where(i => results[i] is null).ToList();
        var lanes = Math.Clamp(associations, 1, Math.Max(1, sendable.Count));
        var work = Enumerable.Range(0, lanes)
            .Select(lane => SendLaneAsync(options, [.. sendable.Where((_, k) => k % lanes == lane).Select(i => (i, files[i]))], results, cancellationToken));
        await Task.WhenAll(work).ConfigureAwait(false);
        return results!;
    }

    private static async Task SendLaneAsync(DicomClientOptions options, List<(int Index, FileToSend File)> files, StoreResult?[] results, CancellationToken cancellationToken)
    {
        // More SOP classes than one association holds: one association per batch of classes.
        foreach (var batch in files.GroupBy(f => f.File.SopClassUid).Chunk(MaximumContexts))
        {
            var proposed = batch.Select((group, k) => new PresentationContextRequest((byte)((2 * k) + 1), group.Key,
                [.. group.Select(f => f.File.TransferSyntax.Uid).Append(TransferSyntax.ExplicitVRLittleEndian.Uid).Append(TransferSyntax.ImplicitVRLittleEndian.Uid).Distinct()])).ToList();
            var batchFiles = batch.SelectMany(g => g).ToList();
            ScuAssociation association;
            try
            {
                association = await ScuAssociation.OpenAsync(options, proposed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AssociationRejectedException or IOException or System.Net.Sockets.SocketException or PduException or TimeoutException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                foreach (var (index, file) in batchFiles)
                {
                    results[index] = new StoreResult(file.Path, file.SopInstanceUid, null, e.Message);
                }

                continue;
            }

            await using (association.ConfigureAwait(false))
            {
                var completed = 0;
                try
                {
                    foreach (var (index, file) in batchFiles)
                    {
                        results[index] = await StoreOneAsync(association, file, cancellationToken).ConfigureAwait(false);
                        completed++;
                    }

                    await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AssociationRejectedException or IOException or PduException or DimseException or TimeoutException)
                {
                    foreach (var (index, file) in batchFiles.Skip(completed))
                    {
                        results[index] = new StoreResult(file.Path, file.SopInstanceUid, null, e.Message);
                    }

                    await association.AbortAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<StoreResult> StoreOneAsync(ScuAssociation association, FileToSend file, CancellationToken cancellationToken)
    {
        // Equals, not ==: TransferSyntax.Lookup makes a new instance for every compressed syntax UID.
        var context = association.FindContext(file.SopClassUid, ts => ts.Equals(file.TransferSyntax))
            ?? association.FindContext(file.SopClassUid, ts => !ts.IsEncapsulated && !file.TransferSyntax.IsEncapsulated);
        if (context is null)
        {
            return new StoreResult(file.Path, file.SopInstanceUid, null,
                $"the peer accepted no presentation context for {file.SopClassUid} in a syntax we can send ({file.TransferSyntax.Name})");
        }

        await using var dataset = OpenDataset(file, context.TransferSyntax);
        var status = await association.StoreAsync(context, file.SopClassUid, file.SopInstanceUid, dataset, cancellationToken).ConfigureAwait(false);
        return new StoreResult(file.Path, file.SopInstanceUid, status, null);
    }

    /// <summary>The data set's bytes in <paramref name="syntax"/>: straight from the file, or transcoded.</summary>
    private static Stream OpenDataset(FileToSend file, TransferSyntax syntax)
    {
        if (syntax.Equals(file.TransferSyntax))
        {
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            stream.Position = file.DatasetOffset;
            return stream;
        }

        var dicom = DicomFile.Open(file.Path);
        var transcoded = new MemoryStream();
        if (syntax.IsDeflated)
        {
            using var deflate = new System.IO.Compression.DeflateStream(transcoded, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true);
            DicomDatasetWriter.Write(deflate, dicom.Dataset, syntax);
        }
        else
        {
            DicomDatasetWriter.Write(transcoded, dicom.Dataset, syntax);
        }

        transcoded.Position = 0;
        return transcoded;
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(p => !p.Contains(Path.DirectorySeparatorChar + ".", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [path];

    private static FileToSend Describe(string path)
    {
        try
        {
            var header = DicomFileHeader.Read(path);

            // The whole data set is parsed before anything is sent, so that a truncated or corrupt file is
            // reported here instead of going out as a broken data set (storescp stores one without a word).
            var dataset = DicomFile.Open(path, s_structureOnly).Dataset;
            var meta = header.FileMetaInformation;
            string? sopClass = null, sopInstance = null;
            if (!meta.TryGetString(DicomTag.MediaStorageSOPClassUID, out sopClass) || !meta.TryGetString(DicomTag.MediaStorageSOPInstanceUID, out sopInstance))
            {
                dataset.TryGetString(DicomTag.SOPClassUID, out sopClass);
                dataset.TryGetString(DicomTag.SOPInstanceUID, out sopInstance);
            }

            if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
            {
                return FileToSend.Unsendable(path, "no SOP Class or SOP Instance UID");
            }

            return new FileToSend(path, sopClass, sopInstance, header.TransferSyntax, header.DatasetOffset, null);
        }
        catch (Exception e) when (e is DicomReadException or IOException or UnauthorizedAccessException)
        {
            return FileToSend.Unsendable(path, $"not readable as DICOM: {e.Message}");
        }
    }

    private sealed record FileToSend(string Path, string SopClassUid, string SopInstanceUid, TransferSyntax TransferSyntax, long DatasetOffset, string? Error)
    {
        public static FileToSend Unsendable(string path, string error) => new(path, string.Empty, string.Empty, TransferSyntax.ExplicitVRLittleEndian, 0, error);
    }
}
