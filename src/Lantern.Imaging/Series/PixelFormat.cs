namespace Lantern.Imaging.Series;

/// <summary>The Image Pixel module attributes that say how stored values are laid out.</summary>
internal readonly record struct PixelFormat(
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    bool IsSigned,
    string PhotometricInterpretation)
{
    /// <summary>Why this layout is not one we decode, or null when it is (one 16-bit sample, low bits stored).</summary>
    public string? Unsupported() =>
        SamplesPerPixel != 1 ? $"{SamplesPerPixel} samples per pixel (only 1 supported)"
        : PhotometricInterpretation is not ("MONOCHROME1" or "MONOCHROME2") ? $"photometric interpretation '{PhotometricInterpretation}' (only MONOCHROME1/2 supported)"
        : BitsAllocated != 16 ? $"{BitsAllocated} bits allocated (only 16 supported)"
        : BitsStored is < 1 or > 16 ? $"{BitsStored} bits stored"
        : HighBit != BitsStored - 1 ? $"high bit {HighBit} with {BitsStored} bits stored (only high bit = bits stored - 1 supported)"
        : null;
}
