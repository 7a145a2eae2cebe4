using System.ComponentModel;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>Each expert's probability of sarcasm in the tool's JSON shape.</summary>
public sealed record ExpertProbabilitiesResult(
    [property: JsonPropertyName("redundancy"), Description("The redundancy expert's probability of sarcasm.")] double Redundancy,
    [property: JsonPropertyName("uniqueness"), Description("The uniqueness expert's probability of sarcasm.")] double Uniqueness,
    [property: JsonPropertyName("synergy"), Description("The synergy expert's probability of sarcasm.")] double Synergy,
    [property: JsonPropertyName("baseline"), JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The baseline model's probability of sarcasm, or null when the model has none.")] double? Baseline)
{
    public static ExpertProbabilitiesResult From(ExpertProbabilities experts) =>
        new(experts.Redundancy, experts.Uniqueness, experts.Synergy, experts.Baseline);
}
