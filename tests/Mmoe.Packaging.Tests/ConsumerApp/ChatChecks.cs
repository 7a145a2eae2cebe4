using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The tools through a FunctionInvokingChatClient and an Agent Framework ChatClientAgent, with a scripted model.</summary>
internal static class ChatChecks
{
    public static async Task<string> FunctionInvokingChatClientAsync(IServiceProvider services)
    {
        var model = new ScriptedModel("detect_sarcasm", """{"text":"Wow, you are a real genius.","caption":"A woman smirks at a locked car."}""");
        using var chat = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        var response = await chat.GetResponseAsync("Is this sarcastic?", new ChatOptions { Tools = [.. services.GetMmoeTools()] });
        var result = (JsonElement)model.ToolResult!.Result!;
        return $"tools={string.Join(",", model.OfferedTools.Select(t => t.Name))} driving={result.GetProperty("drivingInteraction").GetString()} answer={response.Text.Length > 0}";
    }

    public static async Task<string> ToolErrorReachesTheModelAsync(IServiceProvider services)
    {
        var model = new ScriptedModel("detect_sarcasm", """{"text":""}""");
        using var chat = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        await chat.GetResponseAsync("Is this sarcastic?", new ChatOptions { Tools = [.. services.GetMmoeTools()] });
        var error = ((JsonElement)model.ToolResult!.Result!).GetProperty("error");
        return $"code={error.GetProperty("code").GetString()} message={error.GetProperty("message").GetString()}";
    }

    public static async Task<string> AgentAsync(IServiceProvider services)
    {
        var model = new ScriptedModel("moderate_posts", """{"posts":[{"id":"a","text":"Oh great, another Monday."},{"id":"b","text":"Thanks for the help!"}]}""");
        AIAgent agent = new ChatClientAgent(model, instructions: "You moderate posts.", name: "moderator", tools: [.. services.GetMmoeTools()]);
        var response = await agent.RunAsync("Moderate these two posts.");
        var report = (JsonElement)model.ToolResult!.Result!;
        return $"items={report.GetProperty("items").GetArrayLength()} errors={report.GetProperty("errors").GetInt32()} answer={response.Text.StartsWith("Tool said:", StringComparison.Ordinal)}";
    }
}

/// <summary>Asks for one tool call, then answers with the tool's result.</summary>
internal sealed class ScriptedModel(string tool, string argumentsJson) : IChatClient
{
    public IList<AITool> OfferedTools { get; private set; } = [];

    public FunctionResultContent? ToolResult { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        OfferedTools = options?.Tools ?? OfferedTools;
        ToolResult = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        if (ToolResult is null)
        {
            var call = FunctionCallContent.CreateFromParsedArguments(argumentsJson, "call-1", tool, json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Tool said: " + ToolResult.Result)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
