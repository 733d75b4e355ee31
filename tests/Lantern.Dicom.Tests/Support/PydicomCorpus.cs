using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;

namespace Lantern.Dicom.Tests.Support;

/// <summary>
/// pydicom's test files (installed by `apt-get install python3-pydicom`, which ./test.sh does): the
/// reader conformance corpus. Files are read where they lie, never copied into the repository.
/// </summary>
internal static class PydicomCorpus
{
    public const string Root = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static readonly Lazy<List<(string Path, DicomFile File)>> Readable = new(LoadReadable);

    /// <summary>Every file of the corpus that we read, with what we read.</summary>
    public static IReadOnlyList<(string Path, DicomFile File)> ReadableFiles => Readable.Value;

    public static IEnumerable<string> AllFiles()
    {
        if (!Directory.Exists(Root))
        {
            throw new InvalidOperationException($"{Root} is missing: install python3-pydicom (./test.sh does).");
        }

        return Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".py", StringComparison.Ordinal) && !path.Contains("__pycache__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static List<(string, DicomFile)> LoadReadable()
    {
        var files = new List<(string, DicomFile)>();
        foreach (var path in AllFiles())
        {
            try
            {
                files.Add((path, DicomFile.Open(path)));
            }
            catch (DicomReadException)
            {
                // Rejected files are the conformance test's concern.
            }
        }

        return files;
    }
}
