namespace Mmoe.Reference;

/// <summary>Everything the reference fusion script reports for one dataset and model, plus what could not be computed and why.</summary>
public sealed record ReproductionReport
{
    public required string Dataset { get; init; }

    public required string Model { get; init; }

    public required string Split { get; init; }

    /// <summary>Items scored (the ids in the expert logits files).</summary>
    public required int Count { get; init; }

    /// <summary>Baseline first, then every fusion strategy whose inputs were present, in the reference's order.</summary>
    public required IReadOnlyList<StrategyMetrics> Strategies { get; init; }

    public required IReadOnlyList<InteractionBreakdown> PerInteraction { get; init; }

    public required ReferenceSubsets Subsets { get; init; }

    /// <summary>Strategies or rows left out, each with the reason (a missing file, usually).</summary>
    public required IReadOnlyList<string> Omitted { get; init; }

    /// <summary>Data quirks met on the way.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public StrategyMetrics? Strategy(string name) => Strategies.FirstOrDefault(s => s.Name == name);
}
