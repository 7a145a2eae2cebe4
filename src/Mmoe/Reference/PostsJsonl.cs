using System.Globalization;
using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>
/// The JSON Lines format for posts, one object per line:
/// <c>{"id", "text", "caption"?, "context"?: ["..." or {"speaker", "text"}], "speaker"?, "label"?}</c>.
/// <c>mmoe detect --input</c> reads it without labels; users' own datasets (<c>--data</c>) need "id" and "label"
/// (true/false or 1/0) on every line. Errors name the file, the line and the field.
/// </summary>
public static class PostsJsonl
{
    /// <summary>Posts to judge: "id" defaults to the line number; a "label", when present, must still be well formed.</summary>
    public static async Task<IReadOnlyList<SocialPost>> ReadPostsAsync(string path, CancellationToken cancellationToken = default)
    {
        var posts = new List<SocialPost>();
        await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
        {
            posts.Add(Parse(path, line, record, labelRequired: false).Post);
        }

        return posts;
    }

    /// <summary>Labeled examples of a user's dataset: every line needs a unique "id", a "text" and a "label".</summary>
    public static async Task<IReadOnlyList<ReferenceExample>> ReadExamplesAsync(string path, CancellationToken cancellationToken = default)
    {
        var examples = new List<ReferenceExample>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var (post, label) = Parse(path, line, record, labelRequired: true);
            var id = ReferenceJson.OptionalString(path, location, record, "id")
                ?? throw new ReferenceFormatException(path, location, "missing 'id' (every post of a dataset needs one, to join its unimodal predictions and report it).");
            if (!lines.TryAdd(id, line))
            {
                throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time (first on line {lines[id]}).");
            }

            examples.Add(new ReferenceExample
            {
                Id = id,
                Text = post.Text,
                Speaker = post.Speaker,
                Context = post.Context,
                Caption = post.Caption,
                Label = label!.Value,
            });
        }

        return examples;
    }

    private static (SocialPost Post, bool? Label) Parse(string path, int line, JsonElement record, bool labelRequired)
    {
        var location = $"line {line}";
        var text = ReferenceJson.OptionalString(path, location, record, "text");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ReferenceFormatException(path, location, "missing 'text' (the post's text).");
        }

        var context = new List<DialogueTurn>();
        if (record.TryGetProperty("context", out var turns) && turns.ValueKind != JsonValueKind.Null)
        {
            if (turns.ValueKind != JsonValueKind.Array)
            {
                throw new ReferenceFormatException(path, location, $"'context' must be an array, found {turns.ValueKind}.");
            }

            var index = 0;
            foreach (var turn in turns.EnumerateArray())
            {
                context.Add(turn.ValueKind switch
                {
                    JsonValueKind.String => new DialogueTurn(null, turn.GetString()!),
                    JsonValueKind.Object when turn.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String =>
                        new DialogueTurn(ReferenceJson.OptionalString(path, location, turn, "speaker"), t.GetString()!),
                    _ => throw new ReferenceFormatException(path, location, $"'context[{index}]' must be a string or {{\"speaker\", \"text\"}}."),
                });
                index++;
            }
        }

        bool? label = null;
        if (record.TryGetProperty("label", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            label = ReferenceJson.Binary(path, location, "label", value);
        }
        else if (labelRequired)
        {
            throw new ReferenceFormatException(path, location, "missing 'label' (true/false or 1/0: is the post sarcastic, or funny for a humour dataset).");
        }

        var post = new SocialPost
        {
            Id = ReferenceJson.OptionalString(path, location, record, "id") ?? line.ToString(CultureInfo.InvariantCulture),
            Text = text,
            Caption = ReferenceJson.OptionalString(path, location, record, "caption"),
            Speaker = ReferenceJson.OptionalString(path, location, record, "speaker"),
            Context = context,
        };
        return (post, label);
    }
}
