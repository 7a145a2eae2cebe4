using System.Globalization;
using System.Text;

namespace Mmoe.Cli;

/// <summary>
/// Makes untrusted text safe to print for a person: control characters (C0, DEL, C1, so ESC and the sequences it
/// starts: "ESC]0;" retitles the terminal, "ESC[2J" clears it) and bidirectional overrides (which reorder what is
/// shown) become visible escapes such as <c>\x1b</c> instead of reaching the terminal.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = value.AsSpan().IndexOfAny(Unsafe);
        if (index < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16).Append(value, 0, index);
        foreach (var c in value.AsSpan(index))
        {
            if (Unsafe.Contains(c))
            {
                builder.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        string.Concat(
            Enumerable.Range(0, 0x20).Select(i => (char)i)
                .Concat(Enumerable.Range(0x7F, 0x21).Select(i => (char)i))
                .Concat("\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069")));
}
