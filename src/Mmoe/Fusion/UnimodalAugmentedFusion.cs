namespace Mmoe.Fusion;

/// <summary>
/// Routes by the unimodal predictions instead of a learned router: when they agree the post is R or S, so the
/// R and S experts' probabilities are summed; when they disagree it is U, so the U expert's logits decide.
/// </summary>
public sealed class UnimodalAugmentedFusion : IFusionStrategy
{
    public string Name => "unimodal_augmented";

    public FusionInputs Requires => FusionInputs.UnimodalLabels;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!FusionInputGuard.Unimodal(this, input).Agree)
        {
            return FusionDecision.FromScores(input.Uniqueness);
        }

        var r = input.Redundancy.Softmax();
        var s = input.Synergy.Softmax();
        return FusionDecision.FromScores(new BinaryLogits(r.Negative + s.Negative, r.Positive + s.Positive));
    }
}
