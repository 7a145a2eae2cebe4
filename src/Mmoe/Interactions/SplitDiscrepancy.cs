namespace Mmoe.Interactions;

/// <summary>How a released split file for one interaction type differs from the categorizer's subset.</summary>
/// <param name="Type">The interaction type.</param>
/// <param name="OnlyInReleased">Ids the released split lists that the categorizer puts elsewhere (or cannot categorize).</param>
/// <param name="OnlyInComputed">Ids the categorizer puts in this type that the released split lacks.</param>
public sealed record SplitDiscrepancy(InteractionType Type, IReadOnlyList<string> OnlyInReleased, IReadOnlyList<string> OnlyInComputed)
{
    public bool IsEmpty => OnlyInReleased.Count == 0 && OnlyInComputed.Count == 0;

    public static SplitDiscrepancy Compare(InteractionType type, IReadOnlyList<string> released, IReadOnlyList<string> computed)
    {
        var computedSet = computed.ToHashSet(StringComparer.Ordinal);
        var releasedSet = released.ToHashSet(StringComparer.Ordinal);
        return new SplitDiscrepancy(
            type,
            released.Where(id => !computedSet.Contains(id)).ToList(),
            computed.Where(id => !releasedSet.Contains(id)).ToList());
    }
}
