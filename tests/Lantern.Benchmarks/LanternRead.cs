using System.Diagnostics;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;

namespace Lantern.Benchmarks;

/// <summary>
/// What "a read" means for our library in both modes, shared by the in-process measurement and the
/// <c>read-once</c> child process. Each returns a checksum that depends on what was read, so that
/// nothing can be skipped and the two ways of running can be checked against each other.
/// </summary>
internal static class LanternRead
{
    private static readonly DicomReadOptions HeadersOnly = new() { StopBeforePixelData = true };

    /// <summary>(a) File Meta Information and the data set up to, not including, Pixel Data.</summary>
    public static long Headers(string path)
    {
        var file = DicomFile.Open(path, HeadersOnly);
        return file.Dataset.Count + file.FileMetaInformation.Count;
    }

    /// <summary>(b) Everything, with the pixel data in memory: one byte of every 4 KiB page of it is summed.</summary>
    public static long Full(string path)
    {
        var file = DicomFile.Open(path);
        if (file.Dataset[DicomTag.PixelData] is not DicomValueElement pixels || !pixels.Buffer.IsLoaded)
        {
            throw new InvalidDataException($"{path}: no Pixel Data in memory after a full read.");
        }

        var span = pixels.Buffer.Memory.Span;
        long sum = file.Dataset.Count + span.Length;
        for (var i = 0; i < span.Length; i += 4096)
        {
            sum += span[i];
        }

        return sum + span[^1];
    }

    public static Func<string, long> For(bool headers) => headers ? Headers : Full;

    /// <summary>
    /// The <c>read-once</c> child: reads every file of <paramref name="directory"/> once and prints
    /// <c>files=N checksum=C read_ms=T first_ms=F</c>: T the time spent in the loop itself, F the part
    /// of it until the first file was read (one-time initialisation and first-call JIT).
    /// </summary>
    public static int ReadOnce(string mode, string directory)
    {
        var headers = mode switch
        {
            "--headers" => true,
            "--full" => false,
            _ => throw new ArgumentException($"mode must be --headers or --full, not '{mode}'", nameof(mode)),
        };

        var started = Stopwatch.GetTimestamp();
        var read = For(headers);
        var files = CtSeries.ListFiles(directory);
        long checksum = 0;
        var first = TimeSpan.Zero;
        foreach (var file in files)
        {
            checksum += read(file);
            if (first == TimeSpan.Zero)
            {
                first = Stopwatch.GetElapsedTime(started);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"files={files.Length} checksum={checksum} read_ms={elapsed.TotalMilliseconds:F2} first_ms={first.TotalMilliseconds:F2}");
        return 0;
    }
}
