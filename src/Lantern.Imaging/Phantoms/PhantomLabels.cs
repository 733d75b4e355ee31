namespace Lantern.Imaging.Phantoms;

/// <summary>The values of the label volume (labels.npy): a nodule's label replaces the lung's.</summary>
public static class PhantomLabels
{
    public const byte Background = 0;
    public const byte LeftLung = 1;
    public const byte RightLung = 2;
    public const byte Nodule = 3;
}
