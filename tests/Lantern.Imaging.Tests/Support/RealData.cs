namespace Lantern.Imaging.Tests.Support;

/// <summary>Finds <c>shared/data/NAME</c> next to the repository root (the folder holding Service.sln).</summary>
internal static class RealData
{
    public static string? Find(string folder)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Service.sln")))
            {
                var candidate = Path.Combine(directory.FullName, "..", "shared", "data", folder);
                return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}
