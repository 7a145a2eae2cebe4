using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mmoe.Detection;
using Mmoe.SemanticKernel;

namespace Mmoe.Cli;

/// <summary>Verdicts as JSON: camelCase properties, interaction names in lower case; detector verdicts in the plugin's (and MCP's) shape.</summary>
internal static class VerdictJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    /// <summary>What <c>detect_sarcasm</c> (or, for a humour model, <c>detect_humor</c>) returns for this verdict.</summary>
    public static string Serialize(MmoeVerdict verdict, bool indented = false) =>
        ToNode(verdict).ToJsonString(indented ? Indented : Options);

    /// <summary>One <c>moderate_posts</c> item: <c>{"index","id","verdict"}</c>.</summary>
    public static string SerializeItem(int index, string? id, MmoeVerdict verdict) =>
        new JsonObject { ["index"] = index, ["id"] = id, ["verdict"] = ToNode(verdict) }.ToJsonString(Options);

    private static JsonNode ToNode(MmoeVerdict verdict) => verdict.Model.Task == DetectionTask.Humor
        ? JsonSerializer.SerializeToNode(MmoeVerdicts.ToHumorVerdict(verdict), Options)!
        : JsonSerializer.SerializeToNode(MmoeVerdicts.ToSarcasmVerdict(verdict), Options)!;
}
