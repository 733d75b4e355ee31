namespace Lantern.Inference.Evaluation;

/// <summary>
/// An operating point of a FROC curve: findings scoring at least <see cref="Threshold"/> give
/// <see cref="FalsePositivesPerScan"/> and <see cref="Sensitivity"/>. Null threshold: no operating point
/// reaches the rate, so nothing is reported and sensitivity is 0.
/// </summary>
public sealed record FrocPoint(double FalsePositivesPerScan, double Sensitivity, double? Threshold);
