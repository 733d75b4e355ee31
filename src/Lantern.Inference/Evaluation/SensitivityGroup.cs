namespace Lantern.Inference.Evaluation;

/// <summary>
/// Sensitivity over a subset of the truth nodules (a size bin, a type...): at the operating point of
/// <see cref="FrocResult.OperatingFalsePositivesPerScan"/> and with every finding (the most the detector finds).
/// False positives have no size or type, so the operating point is the whole system's. Sensitivities are null
/// for a group without nodules.
/// </summary>
public sealed record SensitivityGroup(string Name, int Nodules, int DetectedAtOperatingPoint, double? SensitivityAtOperatingPoint, int Detected, double? Sensitivity);
