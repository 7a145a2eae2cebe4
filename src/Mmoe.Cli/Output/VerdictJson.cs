using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mmoe.Cli;

/// <summary>Verdicts as JSON: camelCase properties, interaction names in lower case.</summary>
internal static class VerdictJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
