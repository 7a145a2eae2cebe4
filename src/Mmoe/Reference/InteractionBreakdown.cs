using Mmoe.Evaluation;

namespace Mmoe.Reference;

/// <summary>
/// How one interaction expert does: on its own subset, against the baseline on that subset, and on every item.
/// A metric is null when its inputs are absent (no baseline file, or an empty subset).
/// </summary>
public sealed record InteractionBreakdown(
    InteractionType Type,
    int SubsetSize,
    BinaryMetrics? ExpertOnSubset,
    BinaryMetrics? BaselineOnSubset,
    BinaryMetrics? ExpertOnAll);
