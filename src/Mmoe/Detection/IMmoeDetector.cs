namespace Mmoe.Detection;

/// <summary>Judges posts with a mixture of interaction experts. Implementations are thread-safe.</summary>
public interface IMmoeDetector
{
    /// <summary>The model answering, as it appears in every verdict.</summary>
    ModelInfo Model { get; }

    Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default);

    /// <summary>Judges many posts at once; the verdicts come back in the posts' order.</summary>
    Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default);
}
