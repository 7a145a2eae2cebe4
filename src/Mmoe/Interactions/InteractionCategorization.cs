namespace Mmoe.Interactions;

/// <summary>The outcome of categorizing a set of items: each categorized id's type, and the ids that could not be categorized.</summary>
public sealed class InteractionCategorization
{
    private readonly IReadOnlyList<string> _order;
    private readonly IReadOnlyDictionary<string, InteractionType> _assignments;

    internal InteractionCategorization(
        IReadOnlyList<string> order,
        IReadOnlyDictionary<string, InteractionType> assignments,
        IReadOnlyList<string> missingImageOnly,
        IReadOnlyList<string> missingTextOnly)
    {
        _order = order;
        _assignments = assignments;
        MissingImageOnly = missingImageOnly;
        MissingTextOnly = missingTextOnly;
    }

    /// <summary>Every categorized id with its type.</summary>
    public IReadOnlyDictionary<string, InteractionType> Assignments => _assignments;

    /// <summary>Ids that had no image-only prediction (and so were not categorized).</summary>
    public IReadOnlyList<string> MissingImageOnly { get; }

    /// <summary>Ids that had no text-only prediction (and so were not categorized).</summary>
    public IReadOnlyList<string> MissingTextOnly { get; }

    /// <summary>Ids lacking at least one prediction, each once, in input order.</summary>
    public IReadOnlyList<string> Uncategorized => MissingImageOnly.Union(MissingTextOnly, StringComparer.Ordinal).ToList();

    /// <summary>The ids of one subset, in input order.</summary>
    public IReadOnlyList<string> Subset(InteractionType type) => _order.Where(id => _assignments[id] == type).ToList();
}
