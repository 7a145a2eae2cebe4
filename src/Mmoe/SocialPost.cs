namespace Mmoe;

/// <summary>A post to judge: the text is required; context, image and caption are optional evidence.</summary>
public sealed record SocialPost
{
    public required string Text { get; init; }

    /// <summary>Caller-chosen identifier, echoed back in results.</summary>
    public string? Id { get; init; }

    /// <summary>Who says <see cref="Text"/>, when the post is a line of dialogue.</summary>
    public string? Speaker { get; init; }

    /// <summary>Earlier turns of the dialogue, oldest first.</summary>
    public IReadOnlyList<DialogueTurn> Context { get; init; } = [];

    public PostImage? Image { get; init; }

    /// <summary>A description of the image (caption or alt text). When present, no image-to-text model is needed.</summary>
    public string? Caption { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
