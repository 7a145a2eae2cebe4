namespace Mmoe.Fusion;

/// <summary>Mean of the experts' softmax probabilities.</summary>
public sealed class SoftmaxFusion : IFusionStrategy
{
    public string Name => "softmax";

    public FusionInputs Requires => FusionInputs.ExpertLogits;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var probabilities = input.Experts().Select(logits => logits.Softmax()).ToList();
        return FusionDecision.FromScores(new BinaryLogits(
            probabilities.Average(p => p.Negative),
            probabilities.Average(p => p.Positive)));
    }
}
