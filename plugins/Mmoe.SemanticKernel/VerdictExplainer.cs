using System.Globalization;

namespace Mmoe.SemanticKernel;

/// <summary>
/// Writes the one- or two-sentence explanation of a verdict from its numbers alone. It never quotes the post, so
/// nothing a post says can reach the caller's model through the explanation.
/// </summary>
internal static class VerdictExplainer
{
    public static string Explain(
        UnimodalEvidenceResult unimodal, InteractionType driving, InteractionWeightsResult weights, bool? isSarcastic, double? probability,
        DetectionTask task = DetectionTask.Sarcasm)
    {
        var evidence = (unimodal.TextOnly, unimodal.ImageOnly) switch
        {
            ({ } text, { } image) => $"Text alone {TextReading(text, task)} (p={P(text)}) and the image alone {ImageReading(image, task)} (p={P(image)}): {Relation(text, image, task)}.",
            ({ } text, null) => $"Text alone {TextReading(text, task)} (p={P(text)}); there is no image evidence.",
            (null, { } image) => $"The image alone {ImageReading(image, task)} (p={P(image)}); there is no text-only evidence.",
            _ => "No single-modality evidence is available.",
        };
        var subject = $"The {driving.JsonName()} expert, {Meaning(driving)}, drives the {(isSarcastic is null ? "judgement" : "verdict")} (weight {P(weights.Of(driving))})";
        var verdict = isSarcastic is { } sarcastic && probability is { } p ? $": {(sarcastic ? "" : "not ")}{task.Adjective()} (p={P(p)})" : string.Empty;
        return $"{evidence} {subject}{verdict}.";
    }

    private static string Relation(double text, double image, DetectionTask task) => (Band(text), Band(image)) switch
    {
        (1, 1) => $"both lean {task.Adjective()}",
        (-1, -1) => task == DetectionTask.Humor ? "both lean serious" : "both lean sincere",
        (0, 0) => "neither is clear",
        (1, -1) or (-1, 1) => "they disagree",
        _ => "only one of them is clear",
    };

    /// <summary>-1 below 0.4, 1 above 0.6, 0 in between: the bands every reading uses.</summary>
    private static int Band(double p) => p switch
    {
        < 0.4 => -1,
        > 0.6 => 1,
        _ => 0,
    };

    private static string TextReading(double p, DetectionTask task) => Band(p) switch
    {
        -1 => task == DetectionTask.Humor ? "reads serious" : "reads sincere",
        1 => $"reads {task.Adjective()}",
        _ => "is ambiguous",
    };

    private static string ImageReading(double p, DetectionTask task) => Band(p) switch
    {
        -1 => "looks neutral",
        1 => task == DetectionTask.Humor ? "suggests humour" : "suggests sarcasm",
        _ => "is ambiguous",
    };

    private static string Meaning(InteractionType type) => type switch
    {
        InteractionType.Redundancy => "for text and image carrying the same signal",
        InteractionType.Uniqueness => "for one modality carrying a signal the other lacks",
        InteractionType.Synergy => "for a signal that emerges only from combining text and image",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string P(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
