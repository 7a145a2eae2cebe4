namespace Mmoe.Fusion;

/// <summary>Elementwise maximum of the experts' raw logits.</summary>
public sealed class MaxFusion : IFusionStrategy
{
    public string Name => "max";

    public FusionInputs Requires => FusionInputs.ExpertLogits;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var experts = input.Experts().ToList();
        return FusionDecision.FromScores(new BinaryLogits(
            experts.Max(logits => logits.Negative),
            experts.Max(logits => logits.Positive)));
    }
}
