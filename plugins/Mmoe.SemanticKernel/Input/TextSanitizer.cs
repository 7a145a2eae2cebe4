using Mmoe.Text;

namespace Mmoe.SemanticKernel.Input;

/// <summary>
/// The core's <see cref="PostTextValidator"/> (shared with the command line, so both refuse the same text) with its
/// refusals as tool errors.
/// </summary>
internal static class TextSanitizer
{
    /// <summary>Removes control characters (keeping tab and line breaks); throws when nothing readable is left or the text looks binary.</summary>
    public static string Clean(string? value, string field)
    {
        try
        {
            return PostTextValidator.Clean(value, field);
        }
        catch (InvalidPostTextException ex)
        {
            throw new MmoeToolException(ex.Problem == PostTextProblem.Binary ? ToolErrorCodes.BinaryText : ToolErrorCodes.EmptyText, ex.Message);
        }
    }

    /// <summary>The first <paramref name="maxChars"/> characters, without splitting a surrogate pair.</summary>
    public static string Head(string value, int maxChars) => PostTextValidator.Head(value, maxChars);

    /// <summary>The last <paramref name="maxChars"/> characters, without splitting a surrogate pair.</summary>
    public static string Tail(string value, int maxChars) => PostTextValidator.Tail(value, maxChars);

    /// <summary>The tool error for text that arrived as an unpaired UTF-16 surrogate escape (<c>"\ud800"</c>), which no string can hold.</summary>
    public static MmoeToolException LoneSurrogate(string field) => new(
        ToolErrorCodes.BinaryText,
        $"The {field} looks like binary data (an unpaired UTF-16 surrogate such as \\ud800), not readable text: pass the post's {field} as plain UTF-8 text.");
}
