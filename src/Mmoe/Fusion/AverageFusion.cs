namespace Mmoe.Fusion;

/// <summary>Mean of the experts' raw logits.</summary>
public sealed class AverageFusion : IFusionStrategy
{
    public string Name => "average";

    public FusionInputs Requires => FusionInputs.ExpertLogits;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var experts = input.Experts().ToList();
        return FusionDecision.FromScores(new BinaryLogits(
            experts.Average(logits => logits.Negative),
            experts.Average(logits => logits.Positive)));
    }
}
