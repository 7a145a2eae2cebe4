using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Features;

/// <summary>Turns posts (with their captions) into fixed-length feature vectors for trained heads.</summary>
public interface IPostFeatureExtractor
{
    /// <summary>Length of every feature vector.</summary>
    int Dimension { get; }

    ModelInfo Model { get; }

    /// <summary>One vector per post, in the posts' order.</summary>
    Task<IReadOnlyList<float[]>> ExtractAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default);
}
