namespace Mmoe.Detection;

/// <summary>
/// The interaction experts and router of one model, before fusion: a backend scores a batch of posts whose
/// image, if any, is already described in <see cref="SocialPost.Caption"/>. Implementations are thread-safe.
/// </summary>
public interface IInteractionExperts
{
    ModelInfo Model { get; }

    /// <summary>Scores every post; the results come back in the posts' order.</summary>
    Task<IReadOnlyList<ExpertScores>> ScoreAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default);
}
