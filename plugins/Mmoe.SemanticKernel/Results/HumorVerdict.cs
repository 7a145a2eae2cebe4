using System.ComponentModel;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>What <c>detect_humor</c> answers: the verdict of the host's humour model, its evidence and a plain-language explanation.</summary>
public sealed record HumorVerdict
{
    [JsonPropertyName("isHumorous")]
    [Description("True when the post is judged humorous (meant to be funny).")]
    public required bool IsHumorous { get; init; }

    [JsonPropertyName("probability")]
    [Description("Probability (0 to 1) that the post is humorous.")]
    public required double Probability { get; init; }

    [JsonPropertyName("drivingInteraction")]
    [Description("The image–text interaction whose expert weighs most: redundancy (both modalities say the same), uniqueness (one modality carries the signal) or synergy (the signal only emerges from combining them).")]
    public required InteractionType DrivingInteraction { get; init; }

    [JsonPropertyName("interactionWeights")]
    [Description("The router's weight on each interaction expert; they sum to 1.")]
    public required InteractionWeightsResult InteractionWeights { get; init; }

    [JsonPropertyName("experts")]
    [Description("Each expert's own probability that the post is humorous.")]
    public required ExpertProbabilitiesResult Experts { get; init; }

    [JsonPropertyName("unimodal")]
    [Description("What the text alone and the image alone suggest (probability of humour), or null for a missing modality.")]
    public required UnimodalEvidenceResult Unimodal { get; init; }

    [JsonPropertyName("caption")]
    [Description("The image description the experts read, or null when the post had no image.")]
    public string? Caption { get; init; }

    [JsonPropertyName("model")]
    [Description("The humour model that answered.")]
    public required ModelResult Model { get; init; }

    [JsonPropertyName("explanation")]
    [Description("One or two plain sentences built from the numbers above.")]
    public required string Explanation { get; init; }

    [JsonPropertyName("warnings")]
    [Description("Adjustments made to the input before judging it, such as truncation; empty when none.")]
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
