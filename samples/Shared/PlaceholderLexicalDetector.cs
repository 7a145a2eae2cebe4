using Mmoe;
using Mmoe.Detection;

namespace Mmoe.Samples;

/// <summary>
/// PLACEHOLDER, not the MMoE model: scores posts from a handful of word lists so the samples run before the trained
/// default model is part of this repository. Its numbers mean nothing beyond "the plumbing works"; see
/// <see cref="SampleDetector"/> for the one line that switches the samples to the real model.
/// </summary>
internal sealed class PlaceholderLexicalDetector : IMmoeDetector
{
    private static readonly string[] SarcasticCues = ["yeah right", "oh great", "just what i needed", "totally", "love", "wonderful", "sure", "/s", "🙄", "can't wait", "best day"];
    private static readonly string[] GloomyScenes = ["rain", "traffic", "broken", "flood", "burnt", "empty", "delay", "queue", "mess", "spill"];

    public ModelInfo Model { get; } = new("placeholder-lexical", "0");

    public Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        var text = post.Text.ToLowerInvariant();
        var textLogit = -1.5 + 1.4 * SarcasticCues.Count(cue => text.Contains(cue, StringComparison.Ordinal));
        double? imageLogit = post.Caption is { } caption ? -1.2 + 0.6 * GloomyScenes.Count(cue => caption.Contains(cue, StringComparison.OrdinalIgnoreCase)) : null;
        var textPositive = textLogit > 0;
        var imagePositive = imageLogit > 0;
        var router = imageLogit is null
            ? new InteractionScores(0.2, 1.0, 0.1)
            : textPositive && !imagePositive && imageLogit > -1.0 ? new InteractionScores(0.1, 0.3, 1.6)
            : textPositive == imagePositive ? new InteractionScores(1.4, 0.2, 0.3) : new InteractionScores(0.3, 1.2, 0.4);
        var scores = new ExpertScores
        {
            Redundancy = new BinaryLogits(0, (textLogit + (imageLogit ?? 0)) / 2),
            Uniqueness = new BinaryLogits(0, Math.Max(textLogit, imageLogit ?? double.MinValue)),
            Synergy = new BinaryLogits(0, textPositive && imageLogit > -1.0 ? 2.0 : textLogit - 0.5),
            Router = router,
            Unimodal = new UnimodalEvidence(Sigmoid(textLogit), imageLogit is { } logit ? Sigmoid(logit) : null),
        };
        return Task.FromResult(MmoeVerdict.Create(scores, Model, post.Caption, post.Id));
    }

    public async Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        var verdicts = new List<MmoeVerdict>(posts.Count);
        foreach (var post in posts)
        {
            verdicts.Add(await DetectAsync(post, cancellationToken).ConfigureAwait(false));
        }

        return verdicts;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
