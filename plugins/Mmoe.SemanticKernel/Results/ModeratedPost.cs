using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>
/// The result for one post of a batch: a verdict, or the error that stopped this post (and only this post). Absent
/// values are explicit nulls: hosts serialize with "ignore nulls", and the published schema requires every property.
/// </summary>
public sealed record ModeratedPost
{
    [JsonPropertyName("index")]
    [Description("Position of the post in the request, from 0.")]
    public required int Index { get; init; }

    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [Description("The post's id as given (at most MaxIdCharacters characters), or null when it had none or it was refused.")]
    public string? Id { get; init; }

    [JsonPropertyName("verdict")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [Description("The verdict, or null when the post could not be judged.")]
    public SarcasmVerdict? Verdict { get; init; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [Description("Why the post could not be judged, or null.")]
    public ToolError? Error { get; init; }
}
