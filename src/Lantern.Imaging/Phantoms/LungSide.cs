namespace Lantern.Imaging.Phantoms;

/// <summary>The patient's side: left is +x in LPS.</summary>
public enum LungSide
{
    Left,
    Right,
}
