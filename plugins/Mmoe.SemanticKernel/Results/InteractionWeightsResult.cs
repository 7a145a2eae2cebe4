using System.ComponentModel;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>The router's weights in the tool's JSON shape.</summary>
public sealed record InteractionWeightsResult(
    [property: JsonPropertyName("redundancy"), Description("Weight of the redundancy expert.")] double Redundancy,
    [property: JsonPropertyName("uniqueness"), Description("Weight of the uniqueness expert.")] double Uniqueness,
    [property: JsonPropertyName("synergy"), Description("Weight of the synergy expert.")] double Synergy)
{
    public static InteractionWeightsResult From(InteractionWeights weights) => new(weights.Redundancy, weights.Uniqueness, weights.Synergy);

    public double Of(InteractionType type) => type switch
    {
        InteractionType.Redundancy => Redundancy,
        InteractionType.Uniqueness => Uniqueness,
        InteractionType.Synergy => Synergy,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
