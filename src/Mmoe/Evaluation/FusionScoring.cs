using Mmoe.Fusion;
using Mmoe.Reference;

namespace Mmoe.Evaluation;

/// <summary>
/// The rows every fusion report shares, whoever produced the expert outputs (released logits or a trained
/// model): metrics of a prediction rule, one row per fusion strategy, one breakdown per interaction.
/// </summary>
public static class FusionScoring
{
    /// <summary>Metrics of <paramref name="predict"/> (true = positive) over <paramref name="ids"/>.</summary>
    public static BinaryMetrics Score(IReadOnlyList<string> ids, IReadOnlyDictionary<string, bool> targets, Func<string, bool> predict)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predict);
        return BinaryMetrics.Compute(ids.Select(id => targets[id]).ToList(), ids.Select(predict).ToList());
    }

    /// <summary>
    /// Scores each strategy on the items that have the inputs it needs; a strategy no item can feed goes to
    /// <paramref name="omitted"/>, one scored on part of the items adds a line to <paramref name="warnings"/>.
    /// </summary>
    public static IReadOnlyList<StrategyMetrics> ScoreStrategies(
        IReadOnlyList<string> ids,
        IReadOnlyDictionary<string, bool> targets,
        IReadOnlyDictionary<string, FusionInput> inputs,
        IEnumerable<IFusionStrategy> strategies,
        ICollection<string> warnings,
        ICollection<string> omitted)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(omitted);
        var rows = new List<StrategyMetrics>();
        foreach (var strategy in strategies)
        {
            var usable = ids.Where(id => HasInputs(strategy.Requires, inputs[id])).ToList();
            if (usable.Count == 0)
            {
                omitted.Add($"{strategy.Name}: no item has the inputs it needs ({strategy.Requires}).");
                continue;
            }

            if (usable.Count < ids.Count)
            {
                warnings.Add($"{strategy.Name} is scored on {usable.Count} of {ids.Count} items; the rest lack {strategy.Requires}.");
            }

            rows.Add(new StrategyMetrics(strategy.Name, Score(usable, targets, id => strategy.Fuse(inputs[id]).IsPositive)));
        }

        return rows;
    }

    /// <summary>The expert on its own subset, the baseline (when there is one) on that subset, and the expert on every item.</summary>
    public static InteractionBreakdown Breakdown(
        InteractionType type,
        IReadOnlyList<string> subset,
        IReadOnlyList<string> ids,
        IReadOnlyDictionary<string, bool> targets,
        Func<string, BinaryLogits> expert,
        Func<string, BinaryLogits>? baseline)
    {
        ArgumentNullException.ThrowIfNull(subset);
        ArgumentNullException.ThrowIfNull(expert);
        Func<string, bool> expertSays = id => expert(id).ArgMax() == 1;
        return new InteractionBreakdown(
            type,
            subset.Count,
            subset.Count == 0 ? null : Score(subset, targets, expertSays),
            subset.Count == 0 || baseline is null ? null : Score(subset, targets, id => baseline(id).ArgMax() == 1),
            Score(ids, targets, expertSays));
    }

    private static bool HasInputs(FusionInputs requires, FusionInput input) =>
        (!requires.HasFlag(FusionInputs.RouterLogits) || input.RouterLogits is not null)
        && (!requires.HasFlag(FusionInputs.TrueInteraction) || input.TrueInteraction is not null)
        && (!requires.HasFlag(FusionInputs.UnimodalLabels) || input.Unimodal is not null);
}
