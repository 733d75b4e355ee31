namespace Lantern.Inference.Manifests;

/// <summary>A model's manifest.json is missing, unreadable or inconsistent; the message says what and where.</summary>
public sealed class ModelManifestException : Exception
{
    public ModelManifestException() : base("Invalid model manifest.") { }

    public ModelManifestException(string message) : base(message) { }

    public ModelManifestException(string message, Exception innerException) : base(message, innerException) { }
}
