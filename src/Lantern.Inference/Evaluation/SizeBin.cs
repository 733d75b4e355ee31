using System.Globalization;

namespace Lantern.Inference.Evaluation;

/// <summary>Truth nodules with a diameter from <see cref="MinMm"/> up to <see cref="MaxMm"/>, which is included only when <see cref="IncludesMax"/>.</summary>
public sealed record SizeBin(double MinMm, double MaxMm, bool IncludesMax = false)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{MinMm:0.##}-{MaxMm:0.##} mm");

    public bool Contains(double diameterMm) => diameterMm >= MinMm && (diameterMm < MaxMm || (IncludesMax && diameterMm == MaxMm));
}
