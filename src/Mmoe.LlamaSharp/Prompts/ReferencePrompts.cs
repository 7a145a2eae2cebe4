namespace Mmoe.LlamaSharp.Prompts;

/// <summary>
/// The prompts the MMoE reference's Qwen2 experts were trained on (expert_Qwen2/mustard.py, mmsd.py and funny.py
/// in lwaekfjlk/mmodel-soup), so adapters trained there see the text they learned from. Where the reference
/// prompt has no caption, the caption goes where the prompt mentions the image, and without a caption the
/// prompt is the reference's exactly.
/// </summary>
public static class ReferencePrompts
{
    /// <summary>
    /// MUStARD. The reference writes each context turn as <c>SPEAKER:f</c> followed by the line, with no
    /// separator between turns (a stray "f" in its format string); adapters trained there expect that, so it is kept.
    /// </summary>
    public static PromptTemplate Mustard { get; } = new(
        "Question: You are watching an episode of {show}. Following up to this image input[[ captioned as {caption}]], the dialogue has been {context}. Given the current speaker is {speaker} who says {utterance} - are they being sarcastic? Answer:",
        contextTurn: "{speaker}:f{text}",
        contextSeparator: "");

    /// <summary>MMSD2.0 (Twitter posts): caption and text only.</summary>
    public static PromptTemplate Mmsd { get; } = new(
        "Question: Given [[the image captioned as {caption} and ]]the text {utterance} are they being sarcastic? Answer:");

    /// <summary>UR-FUNNY: the punchline and its video frame's caption (the reference leaves the dialogue context out).</summary>
    public static PromptTemplate Funny { get; } = new(
        "Predict if the punchline[[ given an image captioned as {caption}]] is humorous. The punchline is {utterance}. Is the punchline humorous? Answer:");

    /// <summary>The template for a reference dataset name (mustard, mmsd, mmsd2, sarcasm, funny, urfunny).</summary>
    public static PromptTemplate ForDataset(string dataset) => dataset.Trim().ToLowerInvariant() switch
    {
        "mustard" => Mustard,
        "mmsd" or "mmsd2" or "sarc" or "sarcasm" => Mmsd,
        "funny" or "urfunny" or "ur-funny" => Funny,
        _ => throw new ArgumentException($"No reference prompt for dataset '{dataset}'; use mustard, mmsd or funny, or give a template.", nameof(dataset)),
    };
}
