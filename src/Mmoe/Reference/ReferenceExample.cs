namespace Mmoe.Reference;

/// <summary>One item of a reference dataset file (<c>data_raw/&lt;dataset&gt;_dataset_&lt;split&gt;.json</c>).</summary>
public sealed record ReferenceExample
{
    public required string Id { get; init; }

    public required string Utterance { get; init; }

    public string? Speaker { get; init; }

    public IReadOnlyList<DialogueTurn> Context { get; init; } = [];

    public string? Show { get; init; }

    public required bool Label { get; init; }

    /// <summary>The example as a post, with an optional caption for its image.</summary>
    public SocialPost ToPost(string? caption = null) => new()
    {
        Id = Id,
        Text = Utterance,
        Speaker = Speaker,
        Context = Context,
        Caption = caption,
        Metadata = Show is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["show"] = Show },
    };
}
