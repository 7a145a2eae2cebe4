using Microsoft.Extensions.Logging;
using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// The MMoE detector on a local Qwen2 model with LoRA experts (the reference design). Owns the model; dispose it to
/// free native memory. Heads over Qwen2 hidden states are a managed model over <see cref="Features.QwenHiddenStateFeaturizer"/>
/// instead; <c>MmoeModels.LoadAsync</c> loads either from its model folder.
/// </summary>
public sealed class LlamaSharpDetector : IMmoeDetector, IInteractionExperts, IDisposable
{
    private readonly IDisposable _owned;
    private readonly IInteractionExperts _experts;
    private readonly InteractionExpertsDetector _detector;

    private LlamaSharpDetector(IInteractionExperts experts, IDisposable owned, IImageToText? imageToText, double threshold)
    {
        _owned = owned;
        _experts = experts;
        Threshold = threshold;
        _detector = new InteractionExpertsDetector(experts, imageToText, threshold);
    }

    /// <summary>Fused probability at or above which a post is called positive.</summary>
    public double Threshold { get; }

    /// <summary>The experts' and router's raw scores, before fusion (for evaluation).</summary>
    public Task<IReadOnlyList<ExpertScores>> ScoreAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default) =>
        _experts.ScoreAsync(posts, cancellationToken);

    public ModelInfo Model => _detector.Model;

    /// <summary>Loads the model and experts. <paramref name="imageToText"/> describes images of posts that have no caption; posts without either are judged on text alone.</summary>
    public static LlamaSharpDetector Create(LlamaSharpMmoeOptions options, IImageToText? imageToText = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateExperts();
        var experts = LoraInteractionExperts.Create(options, logger);
        return new LlamaSharpDetector(experts, experts, imageToText, options.Threshold);
    }

    public Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default) =>
        _detector.DetectAsync(post, cancellationToken);

    public Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default) =>
        _detector.DetectBatchAsync(posts, cancellationToken);

    public void Dispose() => _owned.Dispose();
}
