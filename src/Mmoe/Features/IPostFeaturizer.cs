using System.Text.Json.Nodes;

namespace Mmoe.Features;

/// <summary>
/// Turns posts into fixed-size feature vectors that models read. Implementations are thread-safe; a model
/// records <see cref="Name"/> and <see cref="Configuration"/> in its manifest so it is always read with the
/// featurizer it was trained with.
/// </summary>
public interface IPostFeaturizer
{
    /// <summary>Stable identifier written into model manifests, e.g. <c>hashed-ngrams</c>.</summary>
    string Name { get; }

    /// <summary>Length of every vector this featurizer produces.</summary>
    int Dimension { get; }

    /// <summary>Which index ranges hold which modality, so unimodal judges can read one modality only.</summary>
    IReadOnlyList<FeatureBlock> Blocks { get; }

    /// <summary>Everything needed to rebuild an identical featurizer (see the featurizer's <c>FromConfiguration</c>).</summary>
    JsonObject Configuration { get; }

    Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default);

    /// <summary>Featurizes many posts; the vectors come back in the posts' order.</summary>
    Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default);
}
