using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>A per-item error in a batch result.</summary>
public sealed record ToolError(
    [property: JsonPropertyName("code"), Description("Stable reason code, e.g. empty_text.")] string Code,
    [property: JsonPropertyName("message"), Description("What was wrong and how to fix it.")] string Message);
