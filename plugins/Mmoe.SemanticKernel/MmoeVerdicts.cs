using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>
/// The one JSON shape of a verdict: what <c>detect_sarcasm</c> and <c>detect_humor</c> return, what MCP clients receive
/// and what <c>mmoe detect --json</c> prints, built from a detector's <see cref="MmoeVerdict"/>.
/// </summary>
public static class MmoeVerdicts
{
    /// <summary>
    /// The sarcasm verdict for <paramref name="verdict"/>; a <paramref name="threshold"/> overrides the model's own decision.
    /// <paramref name="caption"/> reports the caption the experts read; without it the verdict's caption counts as the caller's own (its length only, see <see cref="CaptionResult"/>).
    /// </summary>
    public static SarcasmVerdict ToSarcasmVerdict(MmoeVerdict verdict, IReadOnlyList<string>? warnings = null, double? threshold = null, CaptionResult? caption = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var isSarcastic = Decide(verdict, threshold);
        var weights = InteractionWeightsResult.From(verdict.InteractionWeights);
        var unimodal = UnimodalEvidenceResult.From(verdict.Unimodal);
        return new SarcasmVerdict
        {
            IsSarcastic = isSarcastic,
            Probability = verdict.Probability,
            DrivingInteraction = verdict.DrivingInteraction,
            InteractionWeights = weights,
            Experts = ExpertProbabilitiesResult.From(verdict.Experts),
            Unimodal = unimodal,
            Caption = caption ?? CallerCaption(verdict.Caption),
            Model = ModelResult.From(verdict.Model),
            Explanation = VerdictExplainer.Explain(unimodal, verdict.DrivingInteraction, weights, isSarcastic, verdict.Probability),
            // The caller's warnings (input checks) and the detector's (e.g. a caption a text-only model ignored).
            Warnings = [.. warnings ?? [], .. verdict.Warnings],
        };
    }

    /// <summary>The humour verdict for <paramref name="verdict"/> (from a humour-task model); a <paramref name="threshold"/> overrides the model's own decision.</summary>
    public static HumorVerdict ToHumorVerdict(MmoeVerdict verdict, IReadOnlyList<string>? warnings = null, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var isHumorous = Decide(verdict, threshold);
        var weights = InteractionWeightsResult.From(verdict.InteractionWeights);
        var unimodal = UnimodalEvidenceResult.From(verdict.Unimodal);
        return new HumorVerdict
        {
            IsHumorous = isHumorous,
            Probability = verdict.Probability,
            DrivingInteraction = verdict.DrivingInteraction,
            InteractionWeights = weights,
            Experts = ExpertProbabilitiesResult.From(verdict.Experts),
            Unimodal = unimodal,
            Caption = verdict.Caption,
            Model = ModelResult.From(verdict.Model),
            Explanation = VerdictExplainer.Explain(unimodal, verdict.DrivingInteraction, weights, isHumorous, verdict.Probability, DetectionTask.Humor),
            // The caller's warnings (input checks) and the detector's (e.g. a caption a text-only model ignored).
            Warnings = [.. warnings ?? [], .. verdict.Warnings],
        };
    }

    private static CaptionResult? CallerCaption(string? caption) => string.IsNullOrEmpty(caption)
        ? null
        : new CaptionResult { Source = CaptionResult.FromCaller, Text = null, Characters = caption.Length, Truncated = false };

    /// <summary>Without a threshold the model's own decision stands; a threshold applies to the fused probability.</summary>
    internal static bool Decide(MmoeVerdict verdict, double? threshold) =>
        threshold is { } t ? verdict.Probability >= t : verdict.IsSarcastic;
}
