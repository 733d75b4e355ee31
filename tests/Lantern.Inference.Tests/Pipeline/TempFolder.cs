namespace Lantern.Inference.Tests.Pipeline;

/// <summary>A fresh folder under the temp path, deleted with its contents on <see cref="Dispose"/>.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lantern-pipeline-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
