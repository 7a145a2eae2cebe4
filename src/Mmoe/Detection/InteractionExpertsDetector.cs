namespace Mmoe.Detection;

/// <summary>
/// An <see cref="IMmoeDetector"/> from parts: describes each post's image as text when the post has no caption
/// (with <see cref="IImageToText"/>, if one is given), scores the posts with the experts, and fuses the scores
/// with <see cref="MmoeVerdict.Create"/>.
/// </summary>
public sealed class InteractionExpertsDetector(IInteractionExperts experts, IImageToText? imageToText = null, double threshold = 0.5) : IMmoeDetector
{
    private readonly IInteractionExperts _experts = experts ?? throw new ArgumentNullException(nameof(experts));

    public ModelInfo Model => _experts.Model;

    public async Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default) =>
        (await DetectBatchAsync([post], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        if (posts.Count == 0)
        {
            return [];
        }

        var described = new SocialPost[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            var post = posts[i] ?? throw new ArgumentException($"Post {i} is null.", nameof(posts));
            described[i] = string.IsNullOrWhiteSpace(post.Caption) && post.Image is { } image && imageToText is not null
                ? post with { Caption = await imageToText.DescribeAsync(image, cancellationToken).ConfigureAwait(false) }
                : post;
        }

        var scores = await _experts.ScoreAsync(described, cancellationToken).ConfigureAwait(false);
        if (scores.Count != described.Length)
        {
            throw new InvalidOperationException($"The experts returned {scores.Count} scores for {described.Length} posts.");
        }

        return [.. described.Select((post, i) => MmoeVerdict.Create(scores[i], Model, post.Caption, post.Id, threshold))];
    }
}
