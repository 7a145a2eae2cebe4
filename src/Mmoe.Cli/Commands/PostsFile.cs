using System.Text.Json;

namespace Mmoe.Cli.Commands;

/// <summary>Reads posts from JSON Lines: one {"id", "text", "caption", "speaker", "context"} object per line.</summary>
internal static class PostsFile
{
    public static async Task<IReadOnlyList<SocialPost>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Posts file not found: {path}");
        }

        var posts = new List<SocialPost>();
        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                posts.Add(Parse(document.RootElement, lineNumber));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {lineNumber}: not valid JSON ({ex.Message.Split('.')[0]}).", ex);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{path}: line {lineNumber}: {ex.Message}", ex);
            }
        }

        return posts;
    }

    private static SocialPost Parse(JsonElement record, int lineNumber)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("expected a JSON object.");
        }

        string? Text(string name) => record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var text = Text("text");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidDataException("missing \"text\" (the post's text).");
        }

        var context = new List<DialogueTurn>();
        if (record.TryGetProperty("context", out var turns) && turns.ValueKind == JsonValueKind.Array)
        {
            foreach (var turn in turns.EnumerateArray())
            {
                context.Add(turn.ValueKind switch
                {
                    JsonValueKind.String => new DialogueTurn(null, turn.GetString()!),
                    JsonValueKind.Object when turn.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String =>
                        new DialogueTurn(turn.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null, t.GetString()!),
                    _ => throw new InvalidDataException("each \"context\" entry is a string or {\"speaker\", \"text\"}."),
                });
            }
        }

        return new SocialPost
        {
            Id = Text("id") ?? lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Text = text,
            Caption = Text("caption"),
            Speaker = Text("speaker"),
            Context = context,
        };
    }
}
