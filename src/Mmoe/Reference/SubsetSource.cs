namespace Mmoe.Reference;

/// <summary>Where the interaction subsets of a report came from.</summary>
public enum SubsetSource
{
    /// <summary>The categorizer, from the released unimodal predictions (preferred: the released synergy split is stale).</summary>
    Categorizer,

    /// <summary>The released split files, used when a unimodal prediction file is absent.</summary>
    ReleasedSplits,
}
