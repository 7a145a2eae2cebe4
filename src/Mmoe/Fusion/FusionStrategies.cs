using System.Globalization;

namespace Mmoe.Fusion;

/// <summary>Creates fusion strategies from their names.</summary>
public static class FusionStrategies
{
    /// <summary>The thresholds the reference's MUStARD script sweeps for the cascade.</summary>
    public static IReadOnlyList<double> ReferenceCascadeThresholds { get; } = [0.5, 0.6, 0.7, 0.8, 0.9];

    public static IReadOnlyList<string> Names { get; } =
        ["rus", "average", "max", "softmax", "cascaded(THRESHOLD)", "oracle", "unimodal_augmented"];

    /// <summary>
    /// The strategies a report compares against MMoE's router, in the reference script's order: the oracle, the
    /// unimodal-augmented prediction (when asked for), average, max, softmax, and the cascade at each reference threshold.
    /// </summary>
    public static IReadOnlyList<IFusionStrategy> Comparison(bool includeUnimodalAugmented)
    {
        var strategies = new List<IFusionStrategy> { new OracleFusion() };
        if (includeUnimodalAugmented)
        {
            strategies.Add(new UnimodalAugmentedFusion());
        }

        strategies.AddRange([new AverageFusion(), new MaxFusion(), new SoftmaxFusion()]);
        strategies.AddRange(ReferenceCascadeThresholds.Select(threshold => new CascadedFusion(threshold)));
        return strategies;
    }

    /// <summary>Parses <c>rus</c>, <c>average</c>, <c>max</c>, <c>softmax</c>, <c>cascaded(0.7)</c>, <c>oracle</c> or <c>unimodal_augmented</c>.</summary>
    public static IFusionStrategy Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        switch (trimmed.ToLowerInvariant())
        {
            case "rus": return new RusFusion();
            case "average": return new AverageFusion();
            case "max": return new MaxFusion();
            case "softmax": return new SoftmaxFusion();
            case "oracle": return new OracleFusion();
            case "unimodal_augmented": return new UnimodalAugmentedFusion();
        }

        const string cascadePrefix = "cascaded(";
        if (trimmed.StartsWith(cascadePrefix, StringComparison.OrdinalIgnoreCase) && trimmed.EndsWith(')'))
        {
            var argument = trimmed[cascadePrefix.Length..^1];
            if (double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
            {
                return new CascadedFusion(threshold);
            }
        }

        throw new ArgumentException(
            $"Unknown fusion strategy '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
    }
}
