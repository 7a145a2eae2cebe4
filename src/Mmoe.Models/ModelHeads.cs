namespace Mmoe.Models;

/// <summary>
/// The columns of a linear MMoE model's weight matrix, in storage order. Binary heads have one logit (the positive
/// class; the negative class is fixed at 0); the router has one logit per interaction type.
/// </summary>
public static class ModelHeads
{
    public const string TextOnly = "text_only";
    public const string ImageOnly = "image_only";
    public const string Baseline = "baseline";
    public const string Redundancy = "redundancy";
    public const string Uniqueness = "uniqueness";
    public const string Synergy = "synergy";
    public const string RouterRedundancy = "router_redundancy";
    public const string RouterUniqueness = "router_uniqueness";
    public const string RouterSynergy = "router_synergy";

    public static IReadOnlyList<string> All { get; } =
        [TextOnly, ImageOnly, Baseline, Redundancy, Uniqueness, Synergy, RouterRedundancy, RouterUniqueness, RouterSynergy];

    public static int Count => All.Count;

    public static int IndexOf(string head)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == head)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown head '{head}'. Known: {string.Join(", ", All)}.", nameof(head));
    }
}
