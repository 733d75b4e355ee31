using Lantern.Inference.Manifests;

namespace Lantern.Inference.PostProcessing;

internal static class ManifestLabels
{
    /// <summary>The output channel of a label.</summary>
    /// <exception cref="ModelManifestException">The manifest has no such label.</exception>
    public static int Channel(ModelManifest manifest, string label)
    {
        for (var i = 0; i < manifest.Labels.Count; i++)
        {
            if (manifest.Labels[i] == label)
            {
                return i;
            }
        }

        throw new ModelManifestException($"Model {manifest.Name} has no label '{label}'; its labels are {string.Join(", ", manifest.Labels)}.");
    }
}
