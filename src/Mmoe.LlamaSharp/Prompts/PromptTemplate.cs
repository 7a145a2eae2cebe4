using System.Text;

namespace Mmoe.LlamaSharp.Prompts;

/// <summary>
/// The text an expert reads for one post. Placeholders: <c>{show}</c> (metadata "show"), <c>{context}</c> (the
/// dialogue so far, each turn written with <see cref="ContextTurn"/> and joined with <see cref="ContextSeparator"/>),
/// <c>{speaker}</c>, <c>{utterance}</c> (the post's text) and <c>{caption}</c> (the image described as text).
/// A segment in <c>[[ ]]</c> is written only when every placeholder in it has a value, so a template can mention
/// the caption only when there is one. <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
public sealed record PromptTemplate
{
    private static readonly string[] Fields = ["show", "context", "speaker", "utterance", "caption"];

    public PromptTemplate(string template, string contextTurn = "{speaker}: {text}", string contextSeparator = " ")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        ArgumentNullException.ThrowIfNull(contextTurn);
        ArgumentNullException.ThrowIfNull(contextSeparator);
        Template = template;
        ContextTurn = contextTurn;
        ContextSeparator = contextSeparator;
        Segments = Parse(template, Fields, nameof(template));
        TurnSegments = Parse(contextTurn, ["speaker", "text"], nameof(contextTurn));
    }

    public string Template { get; }

    /// <summary>How one earlier turn is written, with <c>{speaker}</c> and <c>{text}</c>.</summary>
    public string ContextTurn { get; }

    public string ContextSeparator { get; }

    private IReadOnlyList<Segment> Segments { get; }

    private IReadOnlyList<Segment> TurnSegments { get; }

    /// <summary>Writes the prompt for <paramref name="post"/>; <paramref name="caption"/> wins over the post's own caption.</summary>
    public string Render(SocialPost post, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(post);
        var context = string.Join(ContextSeparator, post.Context.Select(turn => Write(TurnSegments, field => field switch
        {
            "speaker" => turn.Speaker,
            _ => turn.Text,
        })));
        return Write(Segments, field => field switch
        {
            "show" => post.Metadata.GetValueOrDefault("show"),
            "context" => context,
            "speaker" => post.Speaker,
            "utterance" => post.Text,
            _ => caption ?? post.Caption,
        });
    }

    private static string Write(IReadOnlyList<Segment> segments, Func<string, string?> value)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Optional && segment.Parts.Any(part => part.Field is { } field && string.IsNullOrEmpty(value(field))))
            {
                continue;
            }

            foreach (var part in segment.Parts)
            {
                text.Append(part.Field is { } field ? value(field) : part.Literal);
            }
        }

        return text.ToString();
    }

    private static List<Segment> Parse(string template, string[] fields, string parameter)
    {
        var segments = new List<Segment>();
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var optional = false;

        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null));
                literal.Clear();
            }
        }

        void FlushSegment()
        {
            FlushLiteral();
            if (parts.Count > 0)
            {
                segments.Add(new Segment([.. parts], optional));
                parts.Clear();
            }
        }

        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            var next = i + 1 < template.Length ? template[i + 1] : '\0';
            if ((c == '{' && next == '{') || (c == '}' && next == '}'))
            {
                literal.Append(c);
                i++;
            }
            else if (c == '[' && next == '[' && !optional)
            {
                FlushSegment();
                optional = true;
                i++;
            }
            else if (c == ']' && next == ']' && optional)
            {
                FlushSegment();
                optional = false;
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                var field = end < 0 ? null : template[(i + 1)..end];
                if (field is null || !fields.Contains(field, StringComparer.Ordinal))
                {
                    throw new ArgumentException(
                        $"Prompt template has an unknown placeholder at position {i}; the placeholders are {string.Join(", ", fields.Select(f => "{" + f + "}"))} (write {{{{ for a literal brace).",
                        parameter);
                }

                FlushLiteral();
                parts.Add(new Part(null, field));
                i = end;
            }
            else if (c == '}')
            {
                throw new ArgumentException($"Prompt template has an unmatched '}}' at position {i} (write }}}} for a literal brace).", parameter);
            }
            else
            {
                literal.Append(c);
            }
        }

        if (optional)
        {
            throw new ArgumentException("Prompt template has a '[[' without a closing ']]'.", parameter);
        }

        FlushSegment();
        return segments;
    }

    private sealed record Segment(IReadOnlyList<Part> Parts, bool Optional);

    private sealed record Part(string? Literal, string? Field);
}
