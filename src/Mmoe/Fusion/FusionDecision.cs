namespace Mmoe.Fusion;

/// <summary>A fused prediction: the class and the combined scores it was read from (probabilities or logits, per strategy).</summary>
public readonly record struct FusionDecision(int PredictedClass, BinaryLogits Scores)
{
    public static FusionDecision FromScores(BinaryLogits scores) => new(scores.ArgMax(), scores);

    public bool IsPositive => PredictedClass == 1;
}
