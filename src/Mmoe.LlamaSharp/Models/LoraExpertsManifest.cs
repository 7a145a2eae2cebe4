using System.Text.Json.Serialization;
using Mmoe.Models;

namespace Mmoe.LlamaSharp.Models;

/// <summary>
/// <c>manifest.json</c> of a LoRA-expert model folder (the reference design): the Qwen2 GGUF it runs on (by file
/// name, size and SHA-256; the GGUF stays outside the folder), one GGUF LoRA adapter per role inside the folder
/// (redundancy, uniqueness, synergy, router, optionally baseline), the prompt the adapters were trained on and the
/// tokens their answers are read from. Every file is listed with its size and SHA-256 and checked on load.
/// </summary>
public sealed record LoraExpertsManifest
{
    public const string FormatName = "mmoe-lora-experts";

    public const int CurrentFormatVersion = 1;

    [JsonPropertyOrder(0)]
    public string Format { get; init; } = FormatName;

    [JsonPropertyOrder(1)]
    public required int FormatVersion { get; init; }

    /// <summary>Model id reported in verdicts.</summary>
    [JsonPropertyOrder(2)]
    public required string Id { get; init; }

    /// <summary>The base model, by file name (no folder), size and SHA-256.</summary>
    [JsonPropertyOrder(3)]
    public required ManifestFile Gguf { get; init; }

    [JsonPropertyOrder(4)]
    public required PromptRecord Prompt { get; init; }

    /// <summary>The router's prompt when it differs from <see cref="Prompt"/>.</summary>
    [JsonPropertyOrder(5)]
    public PromptRecord? RouterPrompt { get; init; }

    /// <summary><c>reference</c> ("yes"/"no"/"1"/"2"/"3" without a leading space) or <c>leading-space</c>.</summary>
    [JsonPropertyOrder(6)]
    public string AnswerTokens { get; init; } = "reference";

    [JsonPropertyOrder(7)]
    public float AdapterScale { get; init; } = 1f;

    [JsonPropertyOrder(8)]
    public int MaxPromptTokens { get; init; } = 512;

    [JsonPropertyOrder(9)]
    public double DecisionThreshold { get; init; } = 0.5;

    /// <summary>Role (redundancy, uniqueness, synergy, router, baseline) → adapter file in the folder.</summary>
    [JsonPropertyOrder(10)]
    public required IReadOnlyDictionary<string, string> Adapters { get; init; }

    [JsonPropertyOrder(11)]
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    public static string StyleName(AnswerTokenStyle style) => style == AnswerTokenStyle.LeadingSpace ? "leading-space" : "reference";

    public static AnswerTokenStyle ReadStyle(string name) => name switch
    {
        "reference" => AnswerTokenStyle.Reference,
        "leading-space" => AnswerTokenStyle.LeadingSpace,
        _ => throw new InvalidDataException($"Unknown answerTokens '{name}': use reference or leading-space."),
    };
}
