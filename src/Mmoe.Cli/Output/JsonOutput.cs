using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mmoe.Cli;

internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
