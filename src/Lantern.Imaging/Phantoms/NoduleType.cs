namespace Lantern.Imaging.Phantoms;

/// <summary>A nodule's density class, as truth.json spells it: solid, part-solid, ground-glass.</summary>
public enum NoduleType
{
    Solid,
    PartSolid,
    GroundGlass,
}
