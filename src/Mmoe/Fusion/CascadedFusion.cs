using System.Globalization;

namespace Mmoe.Fusion;

/// <summary>
/// Trusts the redundancy and uniqueness experts only when both are confident (top probability above the
/// threshold), taking the more confident of the two; otherwise defers to the synergy expert.
/// </summary>
public sealed class CascadedFusion : IFusionStrategy
{
    public CascadedFusion(double threshold)
    {
        if (double.IsNaN(threshold) || threshold < 0 || threshold > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The cascade threshold is a probability between 0 and 1.");
        }

        Threshold = threshold;
    }

    public double Threshold { get; }

    public string Name => string.Create(CultureInfo.InvariantCulture, $"cascaded({Threshold})");

    public FusionInputs Requires => FusionInputs.ExpertLogits;

    public FusionDecision Fuse(FusionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var r = input.Redundancy.Softmax();
        var u = input.Uniqueness.Softmax();
        var rConfidence = Math.Max(r.Negative, r.Positive);
        var uConfidence = Math.Max(u.Negative, u.Positive);
        if (rConfidence > Threshold && uConfidence > Threshold)
        {
            return FusionDecision.FromScores(rConfidence > uConfidence ? r : u);
        }

        return FusionDecision.FromScores(input.Synergy.Softmax());
    }
}
