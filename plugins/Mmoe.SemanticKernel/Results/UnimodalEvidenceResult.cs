using System.ComponentModel;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>What each modality suggests on its own, in the tool's JSON shape.</summary>
public sealed record UnimodalEvidenceResult(
    [property: JsonPropertyName("textOnly"), Description("Probability of sarcasm from the text alone, or null when unavailable.")] double? TextOnly,
    [property: JsonPropertyName("imageOnly"), Description("Probability of sarcasm from the image alone, or null when there is no image.")] double? ImageOnly)
{
    public static UnimodalEvidenceResult From(UnimodalEvidence evidence) => new(evidence.TextOnly, evidence.ImageOnly);
}
