using Mmoe.Interactions;

namespace Mmoe.Reference;

/// <summary>
/// The interaction type of each item of a reference split, from the categorizer when both unimodal prediction
/// files exist and from the released split files otherwise, with every disagreement and gap written down.
/// </summary>
public sealed record ReferenceSubsets
{
    public required SubsetSource Source { get; init; }

    public required IReadOnlyDictionary<string, InteractionType> Assignments { get; init; }

    /// <summary>Items that have no interaction type (a missing prediction, or in no released split).</summary>
    public required IReadOnlyList<string> Unassigned { get; init; }

    /// <summary>Differences between the released split files and the categorizer (empty when either is absent).</summary>
    public required IReadOnlyList<SplitDiscrepancy> Discrepancies { get; init; }

    /// <summary>Data quirks found on the way, each one sentence with counts.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public IReadOnlyList<string> Subset(InteractionType type, IEnumerable<string> order) =>
        order.Where(id => Assignments.TryGetValue(id, out var assigned) && assigned == type).ToList();

    /// <summary>
    /// Builds the subsets of <paramref name="items"/> (ids with labels, in dataset order): from the categorizer
    /// when <paramref name="predictions"/> is given, otherwise from the released split files.
    /// </summary>
    public static async Task<ReferenceSubsets> LoadAsync(
        ReferenceLayout layout,
        string split,
        IReadOnlyList<LabeledItem> items,
        UnimodalPredictionSet? predictions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(items);
        var released = new Dictionary<InteractionType, IReadOnlyList<string>>();
        foreach (var type in InteractionTypes.All)
        {
            var file = layout.SplitFile(type, split);
            if (File.Exists(file))
            {
                released[type] = await ReferenceReaders.ReadSplitIdsAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        if (predictions is not null)
        {
            return FromCategorizer(items, predictions.ImageOnly, predictions.TextOnly, released);
        }

        if (released.Count == 0)
        {
            throw new FileNotFoundException(
                $"Cannot tell the interaction types of {layout.Dataset}/{split}: neither both unimodal prediction files " +
                $"({layout.ImageOnlyPredictionsFile}, {layout.TextOnlyPredictionsFile}) nor any split file under " +
                $"{Path.GetDirectoryName(layout.SplitFile(InteractionType.Redundancy, split))} exist.");
        }

        var fromSplits = FromReleasedSplits(items, released);
        var absent = new[] { layout.ImageOnlyPredictionsFile, layout.TextOnlyPredictionsFile }.Where(file => !File.Exists(file)).Select(Path.GetFileName);
        return fromSplits with
        {
            Warnings = [$"No {string.Join(" or ", absent)}: interaction subsets come from the released split files.", .. fromSplits.Warnings.Skip(1)],
        };
    }

    public static ReferenceSubsets FromCategorizer(
        IReadOnlyList<LabeledItem> items,
        IReadOnlyDictionary<string, UnimodalPrediction> imageOnly,
        IReadOnlyDictionary<string, UnimodalPrediction> textOnly,
        IReadOnlyDictionary<InteractionType, IReadOnlyList<string>> released)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(imageOnly);
        ArgumentNullException.ThrowIfNull(textOnly);
        ArgumentNullException.ThrowIfNull(released);
        var categorization = InteractionCategorizer.Categorize(
            items,
            imageOnly.ToDictionary(pair => pair.Key, pair => pair.Value.Prediction, StringComparer.Ordinal),
            textOnly.ToDictionary(pair => pair.Key, pair => pair.Value.Prediction, StringComparer.Ordinal));

        var warnings = new List<string>();
        if (categorization.MissingImageOnly.Count > 0)
        {
            warnings.Add($"{categorization.MissingImageOnly.Count} items have no image-only prediction and are left out of the interaction subsets.");
        }

        if (categorization.MissingTextOnly.Count > 0)
        {
            warnings.Add($"{categorization.MissingTextOnly.Count} items have no text-only prediction and are left out of the interaction subsets.");
        }

        var discrepancies = new List<SplitDiscrepancy>();
        foreach (var (type, releasedIds) in released)
        {
            var discrepancy = SplitDiscrepancy.Compare(type, releasedIds, categorization.Subset(type));
            if (discrepancy.IsEmpty)
            {
                continue;
            }

            discrepancies.Add(discrepancy);
            warnings.Add(
                $"The released {type.ReferenceCode()} split ({releasedIds.Count} ids) disagrees with the unimodal predictions: " +
                $"{discrepancy.OnlyInReleased.Count} of its ids are categorized otherwise and {discrepancy.OnlyInComputed.Count} " +
                $"{type.JsonName()} ids are missing from it; following the predictions ({categorization.Subset(type).Count} {type.JsonName()} ids).");
        }

        return new ReferenceSubsets
        {
            Source = SubsetSource.Categorizer,
            Assignments = categorization.Assignments,
            Unassigned = categorization.Uncategorized,
            Discrepancies = discrepancies,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// Uses the released split files. An id listed in several files takes the last of R, U, AS in the order
    /// the reference's oracle reads them (AS, then R, then U), so a stale AS entry yields to R or U.
    /// </summary>
    public static ReferenceSubsets FromReleasedSplits(
        IReadOnlyList<LabeledItem> items, IReadOnlyDictionary<InteractionType, IReadOnlyList<string>> released)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(released);
        var assignments = new Dictionary<string, InteractionType>(StringComparer.Ordinal);
        var listedTwice = 0;
        foreach (var type in new[] { InteractionType.Synergy, InteractionType.Redundancy, InteractionType.Uniqueness })
        {
            if (!released.TryGetValue(type, out var ids))
            {
                continue;
            }

            foreach (var id in ids)
            {
                if (assignments.ContainsKey(id))
                {
                    listedTwice++;
                }

                assignments[id] = type;
            }
        }

        var warnings = new List<string>
        {
            "No unimodal prediction files: interaction subsets come from the released split files.",
        };
        var missingFiles = InteractionTypes.All.Where(type => !released.ContainsKey(type)).ToList();
        if (missingFiles.Count > 0)
        {
            warnings.Add($"No released split file for {string.Join(", ", missingFiles.Select(t => t.ReferenceCode()))}.");
        }

        if (listedTwice > 0)
        {
            warnings.Add($"{listedTwice} ids are listed in more than one released split; each takes the last of AS, R, U.");
        }

        var itemIds = items.Select(item => item.Id).ToHashSet(StringComparer.Ordinal);
        var unassigned = items.Where(item => !assignments.ContainsKey(item.Id)).Select(item => item.Id).ToList();
        if (unassigned.Count > 0)
        {
            warnings.Add($"{unassigned.Count} items are in no released split and are left out of the oracle and the per-interaction rows.");
        }

        var unknown = assignments.Keys.Count(id => !itemIds.Contains(id));
        if (unknown > 0)
        {
            warnings.Add($"{unknown} ids in the released splits are not among the items and are ignored.");
        }

        return new ReferenceSubsets
        {
            Source = SubsetSource.ReleasedSplits,
            Assignments = assignments.Where(pair => itemIds.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal),
            Unassigned = unassigned,
            Discrepancies = [],
            Warnings = warnings,
        };
    }
}
