using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Features;

/// <summary>Experts on a shared backbone: one feature vector per post, scored by every head.</summary>
public sealed class FeatureInteractionExperts : IInteractionExperts
{
    private readonly IPostFeatureExtractor _features;
    private readonly IExpertHeads _heads;

    public FeatureInteractionExperts(IPostFeatureExtractor features, IExpertHeads heads)
    {
        _features = features ?? throw new ArgumentNullException(nameof(features));
        _heads = heads ?? throw new ArgumentNullException(nameof(heads));
        if (features.Dimension != heads.Dimension)
        {
            throw new ArgumentException(
                $"The heads expect {heads.Dimension}-dimensional features but the model gives {features.Dimension}: they were trained on a different model size.",
                nameof(heads));
        }
    }

    public ModelInfo Model => _features.Model;

    public async Task<IReadOnlyList<ExpertScores>> ScoreAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        var vectors = await _features.ExtractAsync(posts, cancellationToken).ConfigureAwait(false);
        return [.. vectors.Select(vector => _heads.Score(vector))];
    }
}
