using System.Globalization;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// What to generate: the seed decides everything not given here (patient, anatomy, nodules,
/// acquisition); each given value overrides what the seed would have drawn.
/// </summary>
public sealed record PhantomOptions
{
    public const int DefaultSize = 512;

    public const double DefaultNoduleMaxDiameterMm = 30;

    public ulong Seed { get; init; }

    /// <summary>Number of slices; default: enough to cover the chest at the slice spacing.</summary>
    public int? Slices { get; init; }

    /// <summary>Number of nodules; default: drawn, 1 to 6.</summary>
    public int? Nodules { get; init; }

    /// <summary>
    /// Largest nodule diameter drawn, 3 to 30 mm (default 30): phantoms that oversample small nodules,
    /// the hardest to find. Part-solid (8 mm and up) and ground-glass (5 mm and up) nodules that
    /// cannot be that small are drawn solid instead.
    /// </summary>
    public double NoduleMaxDiameterMm { get; init; } = DefaultNoduleMaxDiameterMm;

    /// <summary>Rows and columns of each slice. The field of view stays what the seed draws, so a smaller matrix has coarser pixels.</summary>
    public int Size { get; init; } = DefaultSize;

    /// <summary>Nominal slice thickness; default: drawn from 0.625 to 5 mm.</summary>
    public double? SliceThicknessMm { get; init; }

    /// <summary>Distance between slice centres; default: the thickness when that is given, else drawn (at most the thickness).</summary>
    public double? SliceSpacingMm { get; init; }

    /// <summary>In-plane pixel spacing; default: the drawn field of view over <see cref="Size"/> (0.5 to 0.9 mm at 512).</summary>
    public double? PixelSpacingMm { get; init; }

    /// <summary>Standard deviation of the image noise in HU; default: drawn from 10 to 50.</summary>
    public double? NoiseHu { get; init; }

    /// <summary>Why these options cannot make a phantom, in one line; null when they can.</summary>
    public string? Problem()
    {
        return Slices is < 1 or > 4000 ? Range("slices", Slices.Value, "1", "4000")
            : Nodules is < 0 or > 50 ? Range("nodules", Nodules.Value, "0", "50")
            : !(NoduleMaxDiameterMm >= 3 && NoduleMaxDiameterMm <= 30) ? Range("nodule-max-diameter", NoduleMaxDiameterMm, "3", "30 mm")
            : Size is < 32 or > 2048 ? Range("size", Size, "32", "2048")
            : SliceThicknessMm is not null && !(SliceThicknessMm >= 0.1 && SliceThicknessMm <= 20) ? Range("slice-thickness", SliceThicknessMm.Value, "0.1", "20 mm")
            : SliceSpacingMm is not null && !(SliceSpacingMm >= 0.1 && SliceSpacingMm <= 20) ? Range("slice-spacing", SliceSpacingMm.Value, "0.1", "20 mm")
            : PixelSpacingMm is not null && !(PixelSpacingMm >= 0.05 && PixelSpacingMm <= 10) ? Range("pixel-spacing", PixelSpacingMm.Value, "0.05", "10 mm")
            : NoiseHu is not null && !(NoiseHu >= 0 && NoiseHu <= 500) ? Range("noise", NoiseHu.Value, "0", "500 HU")
            : null;
    }

    private static string Range(string name, double value, string low, string high) =>
        string.Create(CultureInfo.InvariantCulture, $"--{name} must be between {low} and {high} (got {value})");
}
