using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Mmoe.Onnx;

/// <summary>
/// CLIP's tokenizer on Microsoft.ML.Tokenizers: lower-cased, split by CLIP's pattern, byte-level BPE with the
/// <c>&lt;/w&gt;</c> end-of-word suffix, then <c>&lt;|startoftext|&gt;</c> … <c>&lt;|endoftext|&gt;</c> padded to the
/// context length. CLIP's ftfy text repair is not applied; clean text tokenizes as in Python.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const string StartToken = "<|startoftext|>";

    public const string EndToken = "<|endoftext|>";

    public const string ConfigFileName = "tokenizer_config.json";

    /// <summary>OpenAI CLIP's text context, used when neither the graph nor the tokenizer config fixes one.</summary>
    public const int DefaultContextLength = 77;

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe, int startId, int endId, int padId, int contextLength)
    {
        _bpe = bpe;
        StartId = startId;
        EndId = endId;
        PadId = padId;
        ContextLength = contextLength;
    }

    public int StartId { get; }

    public int EndId { get; }

    public int PadId { get; }

    /// <summary>Tokens per text, special tokens included; longer texts are truncated, shorter ones padded.</summary>
    public int ContextLength { get; }

    /// <summary>
    /// Loads <c>vocab.json</c> and <c>merges.txt</c> (and, when present, <c>tokenizer_config.json</c> for the pad
    /// token and context length) from <paramref name="directory"/>. A positive <paramref name="contextLength"/> wins.
    /// </summary>
    public static ClipTokenizer Load(string directory, int contextLength = 0)
    {
        var (vocab, merges) = BpeFiles.Find(directory, "the CLIP text tokenizer");
        var config = ReadConfig(Path.Combine(directory, ConfigFileName));
        var bpe = BpeFiles.Create(new BpeOptions(vocab, merges)
        {
            EndOfWordSuffix = "</w>",
            ByteLevel = true,
            Normalizer = LowerCaseNormalizer.Instance,
            PreTokenizer = new RegexPreTokenizer(SplitPattern(), null),
            UnknownToken = null,
        });
        int Id(string token) => bpe.Vocabulary.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"The CLIP vocabulary '{BpeFiles.VocabFileName}' has no '{token}' token.");
        var padToken = TokenContent(config?["pad_token"]) ?? EndToken;
        var length = contextLength > 0 ? contextLength
            : config?["model_max_length"] is JsonValue max && max.TryGetValue<double>(out var m) && m is >= 2 and <= 4096 ? (int)m
            : DefaultContextLength;
        return new ClipTokenizer(bpe, Id(StartToken), Id(EndToken), Id(padToken), length);
    }

    /// <summary>Writes the ids of <paramref name="text"/> and its attention mask, each <see cref="ContextLength"/> long.</summary>
    public void Encode(string text, Span<long> ids, Span<long> attentionMask)
    {
        if (ids.Length != ContextLength || attentionMask.Length != ContextLength)
        {
            throw new ArgumentException($"The id and mask spans must be {ContextLength} long.", nameof(ids));
        }

        var tokens = _bpe.EncodeToIds(WhiteSpace().Replace(text, " ").Trim(), ContextLength - 2, out _, out _);
        ids[0] = StartId;
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[i + 1] = tokens[i];
        }

        var used = tokens.Count + 2;
        ids[used - 1] = EndId;
        ids[used..].Fill(PadId);
        attentionMask[..used].Fill(1);
        attentionMask[used..].Clear();
    }

    /// <summary>The ids of <paramref name="text"/> without special tokens or padding.</summary>
    public IReadOnlyList<int> EncodeToIds(string text) => _bpe.EncodeToIds(WhiteSpace().Replace(text, " ").Trim());

    private static JsonObject? ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{ConfigFileName}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string? TokenContent(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonObject obj => obj["content"]?.GetValue<string>(),
        _ => null,
    };

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex SplitPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
