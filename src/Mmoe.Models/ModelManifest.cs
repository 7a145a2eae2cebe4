using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Mmoe.Models;

/// <summary>
/// <c>manifest.json</c> of a model folder: what the model is, how to featurize for it, how it was trained and how it
/// scored, and the size and SHA-256 of every weight file (checked on load).
/// </summary>
public sealed record ModelManifest
{
    public const string FormatName = "mmoe-model";

    public const int CurrentFormatVersion = 1;

    [JsonPropertyOrder(0)]
    public string Format { get; init; } = FormatName;

    [JsonPropertyOrder(1)]
    public required int FormatVersion { get; init; }

    /// <summary>Model id as reported in verdicts, e.g. <c>mmoe-mustard-ngram</c>.</summary>
    [JsonPropertyOrder(2)]
    public required string Id { get; init; }

    /// <summary>What the model detects (sarcasm or humor); left out of the file for sarcasm, so older manifests read as sarcasm.</summary>
    [JsonPropertyOrder(3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public DetectionTask Task { get; init; }

    [JsonPropertyOrder(3)]
    public required ManifestFeaturizer Featurizer { get; init; }

    /// <summary>Class names, negative first: e.g. <c>["not_sarcastic", "sarcastic"]</c>.</summary>
    [JsonPropertyOrder(4)]
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Weight-matrix columns in storage order (see <see cref="ModelHeads"/>).</summary>
    [JsonPropertyOrder(5)]
    public required IReadOnlyList<string> Heads { get; init; }

    /// <summary>Fused probability at or above which a post is called positive.</summary>
    [JsonPropertyOrder(6)]
    public double DecisionThreshold { get; init; } = 0.5;

    /// <summary>
    /// Temperature applied to the fused log-odds (fitted on validation data), so a reported 0.9 is right about 90% of
    /// the time; absent means 1 (probabilities as the experts give them).
    /// </summary>
    [JsonPropertyOrder(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Temperature { get; init; }

    /// <summary>
    /// The baseline head's own decision threshold, chosen on validation data the same way as
    /// <see cref="DecisionThreshold"/>, so evaluations compare MMoE with its baseline on equal terms; absent means 0.5.
    /// </summary>
    [JsonPropertyOrder(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BaselineThreshold { get; init; }

    [JsonPropertyOrder(7)]
    public required int Seed { get; init; }

    /// <summary>Data, settings and subset sizes of the training run.</summary>
    [JsonPropertyOrder(8)]
    public required JsonObject Training { get; init; }

    /// <summary>Metrics measured after training (validation and, for reporting only, test).</summary>
    [JsonPropertyOrder(9)]
    public required JsonObject Metrics { get; init; }

    [JsonPropertyOrder(10)]
    public required IReadOnlyList<ManifestFile> Files { get; init; }
}
