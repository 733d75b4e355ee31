namespace Lantern.Inference.Evaluation;

/// <summary>The figures a FROC evaluation reports. The defaults are the LUNA16 protocol's and this project's acceptance figure.</summary>
public sealed record FrocOptions
{
    /// <summary>Average false positives per scan at which sensitivity is read; CPM is the mean over them.</summary>
    public IReadOnlyList<double> FalsePositiveRates { get; init; } = [0.125, 0.25, 0.5, 1, 2, 4, 8];

    /// <summary>The rate at which sensitivity per size, type and attachment is read.</summary>
    public double OperatingFalsePositivesPerScan { get; init; } = 1;

    public IReadOnlyList<SizeBin> SizeBins { get; init; } = [new(3, 6), new(6, 10), new(10, 30, IncludesMax: true)];

    /// <summary>Nodules at least this large form the acceptance group.</summary>
    public double LargeNoduleMinimumMm { get; init; } = 6;

    /// <summary>Only the highest-scoring findings of each scan count, as LUNA16 keeps 100 marks a scan.</summary>
    public int MaximumFindingsPerScan { get; init; } = 100;

    /// <exception cref="ArgumentException">A rate or size is negative or not finite, no rates, or the finding cap is below 1.</exception>
    public void Validate()
    {
        if (FalsePositiveRates.Count == 0 || FalsePositiveRates.Any(rate => !(rate >= 0 && double.IsFinite(rate))))
        {
            throw new ArgumentException("The false positive rates must be one or more finite numbers, zero or more.", nameof(FalsePositiveRates));
        }

        if (!(OperatingFalsePositivesPerScan >= 0 && double.IsFinite(OperatingFalsePositivesPerScan)))
        {
            throw new ArgumentOutOfRangeException(nameof(OperatingFalsePositivesPerScan), OperatingFalsePositivesPerScan, "The operating rate must be finite, zero or more.");
        }

        if (SizeBins.Any(bin => !(bin.MinMm >= 0 && bin.MaxMm > bin.MinMm && double.IsFinite(bin.MaxMm))))
        {
            throw new ArgumentException("A size bin must span finite, non-negative sizes from a minimum to a larger maximum.", nameof(SizeBins));
        }

        if (!(LargeNoduleMinimumMm >= 0 && double.IsFinite(LargeNoduleMinimumMm)))
        {
            throw new ArgumentOutOfRangeException(nameof(LargeNoduleMinimumMm), LargeNoduleMinimumMm, "The size must be finite, zero or more.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumFindingsPerScan, 1);
    }
}
