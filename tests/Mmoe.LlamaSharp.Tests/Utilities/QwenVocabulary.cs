using System.Text;

namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>
/// The real Qwen2 vocabulary in GGUF form, built from qwen.tiktoken the way llama.cpp's converter does for
/// Qwen: each token of rank r becomes one merge, found by byte-pair merging it with ranks below r; the
/// vocabulary is padded to 151,936 entries with the three control tokens first.
/// </summary>
internal sealed record QwenVocabulary(string[] Tokens, int[] TokenTypes, string[] Merges)
{
    public const int Size = 151_936;
    public const int EndOfText = 151_643;
    public const int ImEnd = 151_645;

    private static readonly Lazy<QwenVocabulary> Shared = new(Build);

    public static QwenVocabulary Qwen2 => Shared.Value;

    /// <summary>A handful of tokens, enough for header-level checks that never load the model.</summary>
    public static QwenVocabulary Mini(params string[] tokens) => new(tokens, [.. tokens.Select(_ => 1)], []);

    private static QwenVocabulary Build()
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var byRank = new List<byte[]>();
        foreach (var line in File.ReadLines(SharedData.Path("qwen2-tokenizer", "qwen.tiktoken")))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ');
            var bytes = Convert.FromBase64String(line[..space]);
            var rank = int.Parse(line[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            if (rank != byRank.Count)
            {
                throw new InvalidDataException("qwen.tiktoken ranks are not consecutive.");
            }

            ranks[Latin1(bytes)] = rank;
            byRank.Add(bytes);
        }

        var unicode = ByteToUnicode();
        string Text(byte[] bytes) => string.Concat(bytes.Select(b => unicode[b]));

        var tokens = new string[Size];
        var types = new int[Size];
        var merges = new List<string>();
        for (var rank = 0; rank < byRank.Count; rank++)
        {
            var bytes = byRank[rank];
            tokens[rank] = Text(bytes);
            types[rank] = 1;
            if (bytes.Length > 1)
            {
                var parts = Merge(ranks, bytes, rank);
                merges.Add(Text(parts[0]) + " " + Text(parts[1]));
            }
        }

        string[] control = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];
        for (var i = byRank.Count; i < Size; i++)
        {
            var c = i - byRank.Count;
            tokens[i] = c < control.Length ? control[c] : $"[PAD{i}]";
            types[i] = c < control.Length ? 3 : 5;
        }

        return new QwenVocabulary(tokens, types, [.. merges]);
    }

    /// <summary>Byte-pair merging restricted to ranks below <paramref name="maxRank"/>; a token of that rank ends as two parts.</summary>
    private static List<byte[]> Merge(Dictionary<string, int> ranks, byte[] token, int maxRank)
    {
        var parts = token.Select(b => new[] { b }).ToList();
        while (true)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < parts.Count - 1; i++)
            {
                if (ranks.TryGetValue(Latin1([.. parts[i], .. parts[i + 1]]), out var r) && r < bestRank)
                {
                    best = i;
                    bestRank = r;
                }
            }

            if (best < 0 || bestRank >= maxRank)
            {
                break;
            }

            parts[best] = [.. parts[best], .. parts[best + 1]];
            parts.RemoveAt(best + 1);
        }

        if (parts.Count != 2)
        {
            throw new InvalidDataException($"Token of rank {maxRank} does not split into two merge parts.");
        }

        return parts;
    }

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>GPT-2's byte-to-character table for byte-level BPE.</summary>
    private static char[] ByteToUnicode()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
