using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>One post in a <c>moderate_posts</c> batch.</summary>
public sealed record PostInput
{
    [JsonPropertyName("id")]
    [Description("Your identifier for the post (a short string), echoed back in its result.")]
    public string? Id { get; init; }

    [JsonPropertyName("text")]
    [Description("The post's text.")]
    public string? Text { get; init; }

    [JsonPropertyName("caption")]
    [Description("A description of the post's image, if it has one.")]
    public string? Caption { get; init; }

    [JsonPropertyName("image")]
    [Description("The post's image as a data URI (data:image/png;base64,...) or a file path inside the host's allowed image folders.")]
    public string? Image { get; init; }

    [JsonPropertyName("context")]
    [Description("Earlier lines of the conversation, oldest first, one per line, optionally as 'Speaker: text'.")]
    public string? Context { get; init; }

    /// <summary>
    /// Set when the item's raw JSON could not be bound (a field of the wrong type, an unpaired surrogate, an oversized
    /// field): the batch still runs, and this item alone fails with this error.
    /// </summary>
    [JsonIgnore]
    internal MmoeToolException? BindingError { get; init; }
}
