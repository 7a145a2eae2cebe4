using System.Globalization;
using System.Text.Json;
using Mmoe.Text;

namespace Mmoe.Cli.Commands;

/// <summary>
/// Reads posts from JSON Lines: one {"id", "text", "caption", "speaker", "context"} object per line. Text and caption
/// go through the same <see cref="PostTextValidator"/> as the plugin's, so the command line and the tools refuse the same posts.
/// </summary>
internal static class PostsFile
{
    /// <summary>Reads every post, failing on the first bad line (for commands that need the whole set, such as bench).</summary>
    public static async Task<IReadOnlyList<SocialPost>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var posts = new List<SocialPost>();
        await using var reader = await JsonLinesReader.OpenAsync(path, JsonLinesReader.DefaultMaxLineBytes, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            try
            {
                posts.Add(Parse(line));
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{path}: line {line.Number}: {ex.Message}", ex);
            }
        }

        return posts;
    }

    /// <summary>The post on one line; throws <see cref="InvalidDataException"/> saying what is wrong with it (without the line's contents).</summary>
    public static SocialPost Parse(JsonLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Error is not null)
        {
            throw new InvalidDataException(line.Error);
        }

        try
        {
            using var document = JsonDocument.Parse(line.Text!);
            return Parse(document.RootElement, line.Number);
        }
        catch (JsonException ex)
        {
            // The reader's message names the position ("LineNumber: 0 | BytePositionInLine: 7."); its first sentence says what is wrong.
            throw new InvalidDataException($"not valid JSON ({FirstSentence(ex.Message)}).", ex);
        }
        catch (InvalidPostTextException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private static SocialPost Parse(JsonElement record, int lineNumber)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("expected a JSON object.");
        }

        string? Text(string name)
        {
            if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? String(value, name)
                : throw new InvalidDataException($"\"{name}\" must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var text = Text("text") ?? throw new InvalidDataException("missing \"text\" (the post's text).");
        var caption = Text("caption");
        var context = new List<DialogueTurn>();
        if (record.TryGetProperty("context", out var turns) && turns.ValueKind == JsonValueKind.Array)
        {
            foreach (var turn in turns.EnumerateArray())
            {
                context.Add(turn.ValueKind switch
                {
                    JsonValueKind.String => new DialogueTurn(null, String(turn, "context")),
                    JsonValueKind.Object when turn.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String =>
                        new DialogueTurn(turn.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.String ? String(s, "speaker") : null, String(t, "context")),
                    _ => throw new InvalidDataException("each \"context\" entry is a string or {\"speaker\", \"text\"}."),
                });
            }
        }

        return new SocialPost
        {
            Id = Text("id") ?? lineNumber.ToString(CultureInfo.InvariantCulture),
            Text = PostTextValidator.Clean(text, "text"),
            Caption = string.IsNullOrWhiteSpace(caption) ? null : PostTextValidator.Clean(caption, "caption"),
            Speaker = Text("speaker"),
            Context = context,
        };
    }

    private static string String(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // "\ud800" is valid JSON but no valid string.
            throw new InvalidDataException($"The {name} looks like binary data (an unpaired UTF-16 surrogate such as \\ud800), not readable text: pass it as plain UTF-8 text.", ex);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
