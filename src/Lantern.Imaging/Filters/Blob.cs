namespace Lantern.Imaging.Filters;

/// <summary>A local maximum of <see cref="BlobFilter"/>'s dot measure: a voxel of the filtered grid.</summary>
/// <param name="Dot">The dot measure there (Hounsfield units, scale-normalised).</param>
/// <param name="SigmaMm">The Gaussian scale at which the measure was highest.</param>
public readonly record struct Blob(int X, int Y, int Z, float Dot, float SigmaMm);
