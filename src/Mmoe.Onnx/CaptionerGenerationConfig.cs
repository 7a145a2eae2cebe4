using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mmoe.Onnx;

/// <summary>The decoding settings of a Hugging Face captioner: <c>generation_config.json</c> first, then <c>config.json</c> and its <c>decoder</c> section.</summary>
internal sealed record CaptionerGenerationConfig(int StartTokenId, IReadOnlyList<int> EndTokenIds, int MaxNewTokens)
{
    public const string GenerationConfigFileName = "generation_config.json";

    public const string ConfigFileName = "config.json";

    private const int DefaultMaxNewTokens = 32;

    public static CaptionerGenerationConfig Resolve(OnnxCaptionerOptions options)
    {
        var config = Read(options.ModelDirectory, ConfigFileName);
        var sources = new[]
            {
                Read(options.ModelDirectory, GenerationConfigFileName),
                config,
                config?["decoder"] as JsonObject,
            }
            .OfType<JsonObject>()
            .ToList();
        int? First(string key) => sources.Select(s => s[key]).OfType<JsonValue>().Select(v => (int?)v.GetValue<int>()).FirstOrDefault();

        var start = options.DecoderStartTokenId ?? First("decoder_start_token_id") ?? First("bos_token_id")
            ?? throw new InvalidDataException(
                $"The captioner folder names no decoder start token (decoder_start_token_id or bos_token_id in {GenerationConfigFileName} or {ConfigFileName}); set OnnxCaptionerOptions.DecoderStartTokenId.");
        var end = options.EndTokenIds
            ?? sources.Select(s => s["eos_token_id"]).Select(EndIds).FirstOrDefault(ids => ids.Count > 0)
            ?? throw new InvalidDataException(
                $"The captioner folder names no end token (eos_token_id in {GenerationConfigFileName} or {ConfigFileName}); set OnnxCaptionerOptions.EndTokenIds.");
        // Hugging Face's max_length counts the start token; the limit here counts generated tokens only.
        var max = options.MaxNewTokens ?? First("max_new_tokens") ?? (First("max_length") is { } length and > 1 ? length - 1 : DefaultMaxNewTokens);
        return new CaptionerGenerationConfig(start, end, max);
    }

    private static IReadOnlyList<int> EndIds(JsonNode? node) => node switch
    {
        JsonValue value => [value.GetValue<int>()],
        JsonArray array => array.Select(v => v!.GetValue<int>()).ToArray(),
        _ => [],
    };

    private static JsonObject? Read(string directory, string name)
    {
        var path = Path.Combine(directory, name);
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
            throw new InvalidDataException($"The captioner's '{name}' is not valid JSON: {ex.Message}", ex);
        }
    }
}
