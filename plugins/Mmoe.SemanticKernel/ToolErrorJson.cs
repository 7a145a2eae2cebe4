using System.Text.Json.Serialization;

namespace Mmoe.SemanticKernel;

/// <summary>The result an <c>mmoe</c> tool returns to the model for a refused call (<see cref="MmoeToolErrorHandling.ReturnToModel"/>).</summary>
internal sealed record ToolErrorResult([property: JsonPropertyName("error")] ToolError Error);

[JsonSerializable(typeof(ToolErrorResult))]
internal sealed partial class ToolErrorJson : JsonSerializerContext;
