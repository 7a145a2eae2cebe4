namespace Mmoe.Fusion;

/// <summary>What a fusion strategy needs beyond the three experts' logits.</summary>
[Flags]
public enum FusionInputs
{
    ExpertLogits = 0,
    RouterLogits = 1,
    TrueInteraction = 2,
    UnimodalLabels = 4,
}
