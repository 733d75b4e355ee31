namespace Lantern.IntegrationTests.Support;

/// <summary>A fresh directory under the temp path for one test, deleted with everything in it on <see cref="Dispose"/>.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"lantern-it-{prefix}-").FullName;
    }

    public string Path { get; }

    /// <summary>Creates (when missing) and returns the subdirectory <paramref name="name"/>.</summary>
    public string Subdirectory(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A peer killed a moment ago may still hold a file open; the temp directory is only litter.
        }
    }
}
