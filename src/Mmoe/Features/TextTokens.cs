using System.Text;

namespace Mmoe.Features;

/// <summary>Text normalization and stable hashing for the hashed featurizer (never <see cref="string.GetHashCode()"/>, which changes per process).</summary>
internal static class TextTokens
{
    /// <summary>Lower-cases, keeps letters, digits, apostrophes and sentence punctuation (! ? . ,), collapses the rest to single spaces, and pads with one space each side.</summary>
    public static string Normalize(string? text)
    {
        var builder = new StringBuilder((text?.Length ?? 0) + 2);
        builder.Append(' ');
        if (text is not null)
        {
            foreach (var raw in text)
            {
                var c = char.ToLowerInvariant(raw);
                if (char.IsLetterOrDigit(c) || c == '\'')
                {
                    builder.Append(c);
                }
                else if (c is '!' or '?' or '.' or ',')
                {
                    if (builder[^1] != ' ')
                    {
                        builder.Append(' ');
                    }

                    builder.Append(c).Append(' ');
                }
                else if (c == '’')
                {
                    builder.Append('\'');
                }
                else if (builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
        }

        if (builder[^1] != ' ')
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>The hashes of the normalized text's space-separated tokens, in order.</summary>
    public static List<uint> WordHashes(string normalized)
    {
        var words = new List<uint>();
        var start = -1;
        for (var i = 0; i < normalized.Length; i++)
        {
            if (normalized[i] == ' ')
            {
                if (start >= 0)
                {
                    words.Add(Hash(normalized.AsSpan(start, i - start), 0));
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return words;
    }

    /// <summary>FNV-1a over the UTF-16 code units, seeded.</summary>
    public static uint Hash(ReadOnlySpan<char> text, uint seed)
    {
        var hash = 2166136261u ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
