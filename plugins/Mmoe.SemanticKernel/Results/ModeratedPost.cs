using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>The result for one post of a batch: a verdict, or the error that stopped this post (and only this post).</summary>
public sealed record ModeratedPost
{
    [JsonPropertyName("index")]
    [Description("Position of the post in the request, from 0.")]
    public required int Index { get; init; }

    [JsonPropertyName("id")]
    [Description("The post's id as given, or null.")]
    public string? Id { get; init; }

    [JsonPropertyName("verdict")]
    [Description("The verdict, or null when the post could not be judged.")]
    public SarcasmVerdict? Verdict { get; init; }

    [JsonPropertyName("error")]
    [Description("Why the post could not be judged, or null.")]
    public ToolError? Error { get; init; }
}
