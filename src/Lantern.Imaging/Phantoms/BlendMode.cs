namespace Lantern.Imaging.Phantoms;

/// <summary>How a structure's HU combines with what is painted below it.</summary>
internal enum BlendMode
{
    /// <summary>Replaces in proportion to the pixel's coverage.</summary>
    Cover,

    /// <summary>Only raises values: ground glass over parenchyma leaves the vessels inside it visible.</summary>
    Raise,
}
