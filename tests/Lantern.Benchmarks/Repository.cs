namespace Lantern.Benchmarks;

/// <summary>The repository the benchmark runs from: its ./lantern is what the process benchmarks start.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Service.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository: ./lantern is needed");
    }
}
