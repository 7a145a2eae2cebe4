using Mmoe.Fusion;

namespace Mmoe.Detection;

/// <summary>The answer for one post: the verdict, how sure, and which interaction drives it.</summary>
public sealed record MmoeVerdict
{
    public string? PostId { get; init; }

    /// <summary>True when the post is positive for the model's task: sarcastic, or humorous for a humour model (see <see cref="Task"/>).</summary>
    public required bool IsSarcastic { get; init; }

    /// <summary>Which task the verdict answers, from the model's manifest: sarcasm, or humor for a model trained on URFunny.</summary>
    public DetectionTask Task => Model.Task;

    /// <summary>The fused probability that the post is sarcastic (or humorous, for humour models).</summary>
    public required double Probability { get; init; }

    /// <summary>The router's argmax: the interaction whose expert weighs most in this verdict.</summary>
    public required InteractionType DrivingInteraction { get; init; }

    public required InteractionWeights InteractionWeights { get; init; }

    public required ExpertProbabilities Experts { get; init; }

    public required UnimodalEvidence Unimodal { get; init; }

    /// <summary>The image description the experts read, or null when the post had none.</summary>
    public string? Caption { get; init; }

    public required ModelInfo Model { get; init; }

    /// <summary>
    /// What the verdict could not use, in words a reader can act on (e.g. a caption a text-only model ignored, or an
    /// image given without a caption). Empty when the post was read in full.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Fuses a backend's scores the MMoE way (<see cref="RusFusion"/>): softmax the router's logits into weights
    /// and mix the experts' probabilities with them. The post is called sarcastic when the mixture's positive
    /// probability reaches <paramref name="threshold"/> (0.5 is the reference's argmax, with ties going negative).
    /// <paramref name="temperature"/> (fitted on validation data by training) rescales the mixture's log-odds before
    /// the threshold, so the reported probability is calibrated; at 0.5 it never changes the decision.
    /// </summary>
    public static MmoeVerdict Create(
        ExpertScores scores, ModelInfo model, string? caption, string? postId, double threshold = 0.5, double temperature = 1, IReadOnlyList<string>? warnings = null)
    {
        if (double.IsNaN(temperature) || temperature <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        }

        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(model);
        if (double.IsNaN(threshold) || threshold <= 0 || threshold >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The decision threshold is a probability strictly between 0 and 1.");
        }

        var weights = scores.Router.Softmax();
        var mixture = RusFusion.Mix(weights, new FusionInput
        {
            Redundancy = scores.Redundancy,
            Uniqueness = scores.Uniqueness,
            Synergy = scores.Synergy,
        });
        var probability = Evaluation.ProbabilityMetrics.ApplyTemperature(mixture.Positive, temperature);
        var isPositive = threshold == 0.5 ? mixture.ArgMax() == 1 : probability >= threshold;

        return new MmoeVerdict
        {
            PostId = postId,
            IsSarcastic = isPositive,
            Probability = probability,
            DrivingInteraction = weights.ArgMax(),
            InteractionWeights = InteractionWeights.From(weights),
            Experts = new ExpertProbabilities(
                scores.Redundancy.PositiveProbability(),
                scores.Uniqueness.PositiveProbability(),
                scores.Synergy.PositiveProbability(),
                scores.Baseline?.PositiveProbability()),
            Unimodal = scores.Unimodal,
            Caption = caption,
            Model = model,
            Warnings = warnings ?? [],
        };
    }
}
