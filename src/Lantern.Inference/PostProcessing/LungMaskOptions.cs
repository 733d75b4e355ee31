namespace Lantern.Inference.PostProcessing;

/// <summary>How a lung model's output becomes a <see cref="LungMask"/>. Which channels are the lungs is named here, their thresholds come from the manifest.</summary>
public sealed record LungMaskOptions
{
    /// <summary>The manifest label of the left lung's channel.</summary>
    public string LeftLabel { get; init; } = "left-lung";

    /// <summary>The manifest label of the right lung's channel.</summary>
    public string RightLabel { get; init; } = "right-lung";

    /// <summary>
    /// Largest area of a hole in one slice of a lung that is filled. Vessels past the hilum are under about
    /// 10 mm across; larger enclosed regions are hilar structures, which lung masks leave out, or near the bases
    /// the top of the diaphragm's dome ringed by the lung.
    /// </summary>
    public double MaximumHoleAreaMm2 { get; init; } = 100;

    /// <exception cref="ArgumentException">A label is empty, the two are the same, or the area is negative.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LeftLabel);
        ArgumentException.ThrowIfNullOrWhiteSpace(RightLabel);
        if (LeftLabel == RightLabel)
        {
            throw new ArgumentException($"The left and right lung labels are both '{LeftLabel}'.", nameof(RightLabel));
        }

        if (!(MaximumHoleAreaMm2 >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumHoleAreaMm2), MaximumHoleAreaMm2, "The hole area must be zero or more.");
        }
    }
}
