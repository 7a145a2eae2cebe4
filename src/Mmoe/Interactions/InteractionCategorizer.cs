namespace Mmoe.Interactions;

/// <summary>
/// Sorts labeled items into interaction subsets from the two unimodal predictions, as the MMoE reference's
/// split scripts do. Items lacking either prediction are reported, never dropped silently.
/// </summary>
public static class InteractionCategorizer
{
    /// <summary>y1 = image-only prediction, y2 = text-only prediction, y = label.</summary>
    public static InteractionType Categorize(bool imageOnly, bool textOnly, bool label)
    {
        if (imageOnly != textOnly)
        {
            return InteractionType.Uniqueness;
        }

        return imageOnly == label ? InteractionType.Redundancy : InteractionType.Synergy;
    }

    /// <summary>
    /// Categorizes every item, keeping the items' order within each subset.
    /// </summary>
    /// <param name="items">The items with their labels, in the order subsets should list them.</param>
    /// <param name="imageOnly">Image-only predictions by id (true = positive).</param>
    /// <param name="textOnly">Text-only predictions by id (true = positive).</param>
    public static InteractionCategorization Categorize(
        IEnumerable<LabeledItem> items,
        IReadOnlyDictionary<string, bool> imageOnly,
        IReadOnlyDictionary<string, bool> textOnly)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(imageOnly);
        ArgumentNullException.ThrowIfNull(textOnly);

        var assignments = new Dictionary<string, InteractionType>(StringComparer.Ordinal);
        var order = new List<string>();
        var missingImageOnly = new List<string>();
        var missingTextOnly = new List<string>();

        foreach (var item in items)
        {
            var hasImage = imageOnly.TryGetValue(item.Id, out var y1);
            var hasText = textOnly.TryGetValue(item.Id, out var y2);
            if (!hasImage)
            {
                missingImageOnly.Add(item.Id);
            }

            if (!hasText)
            {
                missingTextOnly.Add(item.Id);
            }

            if (!hasImage || !hasText)
            {
                continue;
            }

            if (!assignments.TryAdd(item.Id, Categorize(y1, y2, item.Label)))
            {
                throw new ArgumentException($"Item id '{item.Id}' appears more than once.", nameof(items));
            }

            order.Add(item.Id);
        }

        return new InteractionCategorization(order, assignments, missingImageOnly, missingTextOnly);
    }
}
