namespace Mmoe.Reference;

/// <summary>
/// One labeled post of a dataset, whatever its file format: the text (MUStARD's utterance, MMSD2.0's tweet, URFunny's
/// punchline), optional speaker and earlier turns (MUStARD's dialogue, URFunny's context sentences), an optional
/// caption of its image, and the label.
/// </summary>
public sealed record ReferenceExample
{
    public required string Id { get; init; }

    public required string Text { get; init; }

    public string? Speaker { get; init; }

    public IReadOnlyList<DialogueTurn> Context { get; init; } = [];

    public string? Show { get; init; }

    /// <summary>A description of the post's image when the record carries one (users' own data).</summary>
    public string? Caption { get; init; }

    /// <summary>True = sarcastic / humorous.</summary>
    public required bool Label { get; init; }

    /// <summary>The example as a post; <paramref name="caption"/>, when given, replaces the record's own caption.</summary>
    public SocialPost ToPost(string? caption = null) => new()
    {
        Id = Id,
        Text = Text,
        Speaker = Speaker,
        Context = Context,
        Caption = caption ?? Caption,
        Metadata = Show is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["show"] = Show },
    };
}
