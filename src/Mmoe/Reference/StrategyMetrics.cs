using Mmoe.Evaluation;

namespace Mmoe.Reference;

/// <summary>One row of a report: a strategy's name and its metrics.</summary>
public sealed record StrategyMetrics(string Name, BinaryMetrics Metrics);
