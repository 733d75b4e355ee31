namespace Lantern.Imaging.Anatomy;

/// <summary>The patient's side, of a lung or a finding: left is +x in LPS.</summary>
public enum LungSide
{
    Left,
    Right,
}
