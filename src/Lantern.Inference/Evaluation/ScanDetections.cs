using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Evaluation;

/// <summary>One scan's truth nodules and the findings a detector reported on it.</summary>
public sealed record ScanDetections(IReadOnlyList<TruthNodule> Truth, IReadOnlyList<NoduleFinding> Findings);
