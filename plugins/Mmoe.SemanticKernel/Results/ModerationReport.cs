using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>What <c>moderate_posts</c> answers: one result per post, in request order, and the batch's totals.</summary>
public sealed record ModerationReport
{
    [JsonPropertyName("items")]
    [Description("One result per post, in the order given.")]
    public required IReadOnlyList<ModeratedPost> Items { get; init; }

    [JsonPropertyName("sarcastic")]
    [Description("How many posts were judged sarcastic.")]
    public required int Sarcastic { get; init; }

    [JsonPropertyName("errors")]
    [Description("How many posts could not be judged.")]
    public required int Errors { get; init; }

    [JsonPropertyName("byDrivingInteraction")]
    [Description("How many judged posts each interaction drives.")]
    public required IReadOnlyDictionary<string, int> ByDrivingInteraction { get; init; }
}
