namespace Mmoe.SemanticKernel.Tests;

public sealed class VerdictExplainerTests
{
    private static readonly InteractionWeightsResult SynergyHeavy = new(0.15, 0.2, 0.65);

    [Fact]
    public void Conflicting_modalities_with_a_synergy_verdict()
    {
        var explanation = VerdictExplainer.Explain(new UnimodalEvidenceResult(0.18, 0.72), InteractionType.Synergy, SynergyHeavy, isSarcastic: true, probability: 0.81);

        Assert.Equal(
            "Text alone reads sincere (p=0.18) and the image alone suggests sarcasm (p=0.72): they disagree. "
            + "The synergy expert, for a signal that emerges only from combining text and image, drives the verdict (weight 0.65): sarcastic (p=0.81).",
            explanation);
    }

    [Fact]
    public void Agreeing_modalities_without_a_verdict()
    {
        var explanation = VerdictExplainer.Explain(new UnimodalEvidenceResult(0.18, 0.22), InteractionType.Redundancy, new(0.7, 0.2, 0.1), isSarcastic: null, probability: null);

        Assert.Equal(
            "Text alone reads sincere (p=0.18) and the image alone looks neutral (p=0.22): both lean sincere. "
            + "The redundancy expert, for text and image carrying the same signal, drives the judgement (weight 0.70).",
            explanation);
    }

    [Fact]
    public void A_clear_text_and_an_ambiguous_image()
    {
        var explanation = VerdictExplainer.Explain(new UnimodalEvidenceResult(0.79, 0.5), InteractionType.Synergy, SynergyHeavy, isSarcastic: true, probability: 0.83);

        Assert.StartsWith("Text alone reads sarcastic (p=0.79) and the image alone is ambiguous (p=0.50): only one of them is clear. ", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_only_evidence_and_a_negative_verdict()
    {
        var explanation = VerdictExplainer.Explain(new UnimodalEvidenceResult(0.5, null), InteractionType.Uniqueness, new(0.2, 0.5, 0.3), isSarcastic: false, probability: 0.3);

        Assert.Equal(
            "Text alone is ambiguous (p=0.50); there is no image evidence. "
            + "The uniqueness expert, for one modality carrying a signal the other lacks, drives the verdict (weight 0.50): not sarcastic (p=0.30).",
            explanation);
    }
}
