namespace Mmoe.Fusion;

/// <summary>Uses the expert of the post's true interaction type: the ceiling a perfect router would reach.</summary>
public sealed class OracleFusion : IFusionStrategy
{
    public string Name => "oracle";

    public FusionInputs Requires => FusionInputs.TrueInteraction;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FusionDecision.FromScores(input.Expert(FusionInputGuard.TrueInteraction(this, input)));
    }
}
