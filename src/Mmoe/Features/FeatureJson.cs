using System.Text.Json;

namespace Mmoe.Features;

internal static class FeatureJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
