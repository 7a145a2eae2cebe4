using System.ComponentModel;
using System.Text.Json.Serialization;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel;

/// <summary>Which model answered, in the tool's JSON shape.</summary>
public sealed record ModelResult(
    [property: JsonPropertyName("id"), Description("Model identifier.")] string Id,
    [property: JsonPropertyName("version"), Description("Model version.")] string Version)
{
    [JsonPropertyName("task")]
    [Description("What the model detects: sarcasm or humor.")]
    public DetectionTask Task { get; init; } = DetectionTask.Sarcasm;

    public static ModelResult From(ModelInfo model) => new(model.Id, model.Version) { Task = model.Task };
}
