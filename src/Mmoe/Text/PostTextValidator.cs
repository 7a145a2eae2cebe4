using System.Text;

namespace Mmoe.Text;

/// <summary>
/// The one validation of free text that every entry point (plugin, MCP server, command line) applies before judging
/// a post. Models and feeds sometimes hand over decoded binary data or control-character noise; judging that would
/// produce a confident-looking verdict about noise, so text that is mostly unprintable is refused instead.
/// </summary>
public static class PostTextValidator
{
    /// <summary>Share of unprintable characters above which text is treated as binary data.</summary>
    private const double BinaryShare = 0.10;

    /// <summary>
    /// Removes control characters (keeping tab and line breaks) and trims; throws <see cref="InvalidPostTextException"/>
    /// when nothing readable is left or the text looks binary (a NUL, or more than 10% unprintable characters: controls,
    /// unpaired surrogates, U+FFFD).
    /// </summary>
    public static string Clean(string? value, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidPostTextException(PostTextProblem.Empty, field, $"The {field} is empty: pass the post's {field} as a non-empty string.");
        }

        var unprintable = 0;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                throw Binary(field);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                unprintable++;
            }
            else
            {
                builder.Append(c);
            }
        }

        if (unprintable > value.Length * BinaryShare)
        {
            throw Binary(field);
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length > 0
            ? cleaned
            : throw new InvalidPostTextException(PostTextProblem.Empty, field, $"The {field} has no readable characters: pass the post's {field} as plain text.");
    }

    /// <summary>The first <paramref name="maxChars"/> characters, without splitting a surrogate pair.</summary>
    public static string Head(string value, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= maxChars)
        {
            return value;
        }

        var end = char.IsHighSurrogate(value[maxChars - 1]) ? maxChars - 1 : maxChars;
        return value[..end];
    }

    /// <summary>The last <paramref name="maxChars"/> characters, without splitting a surrogate pair.</summary>
    public static string Tail(string value, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= maxChars)
        {
            return value;
        }

        var start = value.Length - maxChars;
        return value[(char.IsLowSurrogate(value[start]) ? start + 1 : start)..];
    }

    private static InvalidPostTextException Binary(string field) => new(
        PostTextProblem.Binary,
        field,
        $"The {field} looks like binary data (control characters or undecodable bytes), not readable text: pass the post's {field} as plain UTF-8 text.");
}
