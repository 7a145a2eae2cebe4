namespace Mmoe.Detection;

/// <summary>The router's weights over the interaction experts (they sum to 1).</summary>
public sealed record InteractionWeights(double Redundancy, double Uniqueness, double Synergy)
{
    public static InteractionWeights From(InteractionScores weights) => new(weights.Redundancy, weights.Uniqueness, weights.Synergy);
}
