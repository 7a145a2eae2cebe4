using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Features;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// The MMoE detector on a local Qwen2 model: LoRA experts or a shared backbone with trained heads, chosen by
/// <see cref="LlamaSharpMmoeOptions.Mode"/>. Owns the model; dispose it to free native memory.
/// </summary>
public sealed class LlamaSharpDetector : IMmoeDetector, IDisposable
{
    private readonly IDisposable _owned;
    private readonly InteractionExpertsDetector _detector;

    private LlamaSharpDetector(IInteractionExperts experts, IDisposable owned, IImageToText? imageToText, double threshold)
    {
        _owned = owned;
        _detector = new InteractionExpertsDetector(experts, imageToText, threshold);
    }

    public ModelInfo Model => _detector.Model;

    /// <summary>Loads the model and experts. <paramref name="imageToText"/> describes images of posts that have no caption; posts without either are judged on text alone.</summary>
    public static LlamaSharpDetector Create(LlamaSharpMmoeOptions options, IImageToText? imageToText = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateExperts();
        if (options.Mode == ExpertMode.LoraAdapters)
        {
            var experts = LoraInteractionExperts.Create(options, logger);
            return new LlamaSharpDetector(experts, experts, imageToText, options.Threshold);
        }

        var heads = LinearExpertHeads.Load(options.HeadsPath!);
        var features = HiddenStateFeatureExtractor.Create(options, logger);
        try
        {
            return new LlamaSharpDetector(new FeatureInteractionExperts(features, heads), features, imageToText, options.Threshold);
        }
        catch
        {
            features.Dispose();
            throw;
        }
    }

    public Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default) =>
        _detector.DetectAsync(post, cancellationToken);

    public Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default) =>
        _detector.DetectBatchAsync(posts, cancellationToken);

    public void Dispose() => _owned.Dispose();
}
