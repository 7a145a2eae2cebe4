using Mmoe.LlamaSharp.Gguf;

namespace Mmoe.LlamaSharp.Validation;

/// <summary>
/// Checks a model file before native code sees it: llama.cpp reports most of these problems only in its log,
/// or by crashing later, so each one becomes an error that names the file and what is wrong.
/// </summary>
public static class QwenModelValidator
{
    public const string Architecture = "qwen2";

    /// <summary>GPT-2 byte-level BPE writes a leading space as 'Ġ' (U+0120).</summary>
    private const string SpaceMarker = "\u0120";

    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="ModelValidationException">Not a usable Qwen2 GGUF.</exception>
    public static GgufHeader Validate(string modelPath, AnswerTokenStyle answerTokens)
    {
        var name = Path.GetFileName(modelPath);
        GgufHeader header;
        try
        {
            header = GgufReader.Read(modelPath);
        }
        catch (GgufFormatException ex)
        {
            throw new ModelValidationException($"Model {ex.Message}");
        }

        if (header.Architecture != Architecture)
        {
            throw new ModelValidationException(
                $"Model {name} has architecture '{header.Architecture ?? "(none)"}'; this backend needs a Qwen2 GGUF (general.architecture = qwen2), e.g. Qwen2-0.5B/1.5B/7B converted with llama.cpp's convert_hf_to_gguf.py.");
        }

        if (header.GetString("general.type") == "adapter")
        {
            throw new ModelValidationException($"{name} is a LoRA adapter, not a model: pass it as an expert adapter and give the Qwen2 base model as the model.");
        }

        if (header.Metadata.GetValueOrDefault("tokenizer.ggml.tokens") is not string[] tokens)
        {
            throw new ModelValidationException($"Model {name} has no vocabulary (tokenizer.ggml.tokens is missing).");
        }

        var vocabulary = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var word in RequiredTokens(answerTokens))
        {
            if (!vocabulary.Contains(word))
            {
                throw new ModelValidationException(
                    $"Model {name} has no token '{word.Replace(SpaceMarker, " ", StringComparison.Ordinal)}' in its vocabulary; the experts read their answer from it. Use a Qwen2 model.");
            }
        }

        return header;
    }

    private static IEnumerable<string> RequiredTokens(AnswerTokenStyle style) => style == AnswerTokenStyle.LeadingSpace
        ? [SpaceMarker + "yes", SpaceMarker + "no", "1", "2", "3"]
        : ["yes", "no", "1", "2", "3"];
}
