using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Mmoe.SemanticKernel.Tests;

/// <summary>
/// Stands in for an LLM: on the first turn it asks for one tool call with the given raw JSON arguments (parsed the
/// way real chat clients parse model output); once the tool result is in the conversation it answers with that
/// result's text. It records what it was offered and what came back.
/// </summary>
internal sealed class ScriptedChatClient(string toolName, string argumentsJson) : IChatClient
{
    public IList<AITool> OfferedTools { get; private set; } = [];

    public FunctionResultContent? ToolResult { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        OfferedTools = options?.Tools ?? [];
        ToolResult = messages.SelectMany(message => message.Contents).OfType<FunctionResultContent>().LastOrDefault();
        if (ToolResult is null)
        {
            var call = FunctionCallContent.CreateFromParsedArguments(
                argumentsJson,
                "call-1",
                toolName,
                json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
        }

        var answer = ToolResult.Result is JsonElement element ? element.GetRawText() : ToolResult.Result?.ToString();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Tool said: " + answer)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
