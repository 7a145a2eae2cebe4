using System.ComponentModel;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>What each modality suggests on its own, in the tool's JSON shape. A missing modality is an explicit null, as the published schema requires.</summary>
public sealed record UnimodalEvidenceResult(
    [property: JsonPropertyName("textOnly"), JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Probability of sarcasm from the text alone, or null when unavailable.")] double? TextOnly,
    [property: JsonPropertyName("imageOnly"), JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Probability of sarcasm from the image alone, or null when there is no image.")] double? ImageOnly)
{
    public static UnimodalEvidenceResult From(UnimodalEvidence evidence) => new(evidence.TextOnly, evidence.ImageOnly);
}
