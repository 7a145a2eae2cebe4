namespace Mmoe.Fusion;

/// <summary>
/// MMoE's fusion: the router's three logits become interaction weights by softmax, and the answer is the
/// weighted sum of the experts' softmax probabilities.
/// </summary>
public sealed class RusFusion : IFusionStrategy
{
    public string Name => "rus";

    public FusionInputs Requires => FusionInputs.RouterLogits;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var weights = FusionInputGuard.RouterLogits(this, input).Softmax();
        return FusionDecision.FromScores(Mix(weights, input));
    }

    /// <summary>Σ w_i · softmax(expert_i), the probability mixture the verdict reports.</summary>
    public static BinaryLogits Mix(InteractionScores weights, FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double negative = 0, positive = 0;
        foreach (var type in InteractionTypes.All)
        {
            var probabilities = input.Expert(type).Softmax();
            negative += weights[type] * probabilities.Negative;
            positive += weights[type] * probabilities.Positive;
        }

        return new BinaryLogits(negative, positive);
    }
}
