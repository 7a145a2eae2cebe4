using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>What <c>explain_interaction</c> answers: which interaction drives the judgement, and why.</summary>
public sealed record InteractionAnalysis
{
    [JsonPropertyName("drivingInteraction")]
    [Description("The image–text interaction whose expert weighs most: redundancy, uniqueness or synergy.")]
    public required InteractionType DrivingInteraction { get; init; }

    [JsonPropertyName("interactionWeights")]
    [Description("The router's weight on each interaction expert; they sum to 1.")]
    public required InteractionWeightsResult InteractionWeights { get; init; }

    [JsonPropertyName("unimodal")]
    [Description("What the text alone and the image alone suggest (probability of sarcasm), or null for a missing modality.")]
    public required UnimodalEvidenceResult Unimodal { get; init; }

    [JsonPropertyName("explanation")]
    [Description("One or two plain sentences built from the numbers above.")]
    public required string Explanation { get; init; }

    [JsonPropertyName("warnings")]
    [Description("Adjustments made to the input before judging it, such as truncation; empty when none.")]
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
