using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>
/// A deterministic stand-in for a trained model: it scores a post from lexical cues in its text and caption and
/// fuses them with the core's <see cref="MmoeVerdict.Create"/>, so the plugin sees real, post-dependent verdicts.
/// The same post always gets the same verdict, in this process or another (no randomised hashing).
/// </summary>
internal sealed class LexicalTestDetector : IMmoeDetector
{
    /// <summary>Text containing this marker makes the detector throw, with a message that must never reach a tool caller.</summary>
    public const string CrashMarker = "[[crash-the-detector]]";

    public const string SecretInCrashMessage = "/var/secret/models/mmoe.bin";

    private static readonly string[] SarcasticCues = ["yeah right", "oh great", "just what i needed", "totally", "love", "wonderful", "sure", "/s", "🙄", "can't wait"];
    private static readonly string[] GloomyScenes = ["rain", "traffic", "broken", "flood", "burnt", "empty", "delay", "queue", "mess"];

    public ModelInfo Model { get; } = new("lexical-test", "1");

    public async Task<MmoeVerdict> DetectAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        // Yield so that concurrent calls really interleave.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return Score(post);
    }

    public async Task<IReadOnlyList<MmoeVerdict>> DetectBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        var verdicts = new List<MmoeVerdict>(posts.Count);
        foreach (var post in posts)
        {
            verdicts.Add(await DetectAsync(post, cancellationToken));
        }

        return verdicts;
    }

    /// <summary>The verdict for a post, computed synchronously (tests use it as the expected answer).</summary>
    public MmoeVerdict Score(SocialPost post)
    {
        if (post.Text.Contains(CrashMarker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Tensor shape mismatch while reading {SecretInCrashMessage}");
        }

        var text = post.Text.ToLowerInvariant();
        var jitter = Fnv(post.Text) % 1000 / 2000.0;
        var textCues = SarcasticCues.Count(cue => text.Contains(cue, StringComparison.Ordinal));
        var textLogit = -1.5 + 1.4 * textCues + jitter;

        double? imageLogit = null;
        if (post.Caption is { } caption)
        {
            var gloom = GloomyScenes.Count(cue => caption.Contains(cue, StringComparison.OrdinalIgnoreCase));
            imageLogit = -1.2 + 0.3 * gloom + jitter / 2;
        }

        var textPositive = textLogit > 0;
        var imagePositive = imageLogit > 0;
        // Sarcastic words over a gloomy scene is the textbook synergy case; agreement is redundancy; otherwise one modality carries it.
        var (r, u, s) = imageLogit is null
            ? (0.2, 1.0 + jitter, 0.1)
            : textPositive && !imagePositive && imageLogit > -1.0
                ? (0.1, 0.3, 1.6 + jitter)
                : textPositive == imagePositive ? (1.4 + jitter, 0.2, 0.3) : (0.3, 1.2 + jitter, 0.4);

        var scores = new ExpertScores
        {
            Redundancy = new BinaryLogits(0, (textLogit + (imageLogit ?? 0)) / 2),
            Uniqueness = new BinaryLogits(0, Math.Max(textLogit, imageLogit ?? double.MinValue)),
            Synergy = new BinaryLogits(0, textPositive && imageLogit > -1.0 ? 2.0 + jitter : textLogit - 0.5),
            Router = new InteractionScores(r, u, s),
            Baseline = new BinaryLogits(0, textLogit),
            Unimodal = new UnimodalEvidence(Sigmoid(textLogit), imageLogit is { } logit ? Sigmoid(logit) : null),
        };
        return MmoeVerdict.Create(scores, Model, post.Caption, post.Id);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static uint Fnv(string value)
    {
        var hash = 2166136261;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
