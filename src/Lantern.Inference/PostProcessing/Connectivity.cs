namespace Lantern.Inference.PostProcessing;

/// <summary>Which neighbours of a voxel touch it. On a grid one slice deep, they act as 4- and 8-connectivity.</summary>
public enum Connectivity
{
    /// <summary>The 6 voxels sharing a face.</summary>
    Six,

    /// <summary>The 26 voxels sharing a face, an edge or a corner.</summary>
    TwentySix,
}
