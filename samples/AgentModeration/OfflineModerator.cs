using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Mmoe.Samples.AgentModeration;

/// <summary>
/// A scripted stand-in for a chat model: asked to moderate JSONL posts, it calls <c>moderate_posts</c> with them; given
/// the tool's result, it lists the sarcastic posts. Enough to show the agent loop without a model or a network.
/// </summary>
internal sealed class OfflineModerator : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        if (history.SelectMany(message => message.Contents).OfType<FunctionResultContent>().LastOrDefault() is { } result)
        {
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Summarise(result.Result))));
        }

        var request = history.LastOrDefault(message => message.Role == ChatRole.User)?.Text ?? "";
        var posts = new JsonArray();
        foreach (var line in request.Split('\n').Where(line => line.TrimStart().StartsWith('{')))
        {
            var post = JsonNode.Parse(line)!.AsObject();
            var context = post["context"] is JsonArray turns
                ? string.Join("\n", turns.Select(turn => turn is JsonObject o ? $"{o["speaker"]}: {o["text"]}" : turn?.ToString()))
                : post["context"]?.ToString();
            posts.Add(new JsonObject { ["id"] = post["id"]?.ToString(), ["text"] = post["text"]?.ToString(), ["caption"] = post["caption"]?.ToString(), ["context"] = context });
        }

        var call = new FunctionCallContent("call-1", "moderate_posts", new Dictionary<string, object?> { ["posts"] = JsonSerializer.SerializeToElement(posts) });
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
    }

    private static string Summarise(object? result)
    {
        if (result is not JsonElement report || !report.TryGetProperty("items", out var items))
        {
            return "The moderation tool did not answer: " + result;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.GetProperty("sarcastic").GetInt32()} of {items.GetArrayLength()} posts look sarcastic:");
        foreach (var item in items.EnumerateArray())
        {
            var id = item.TryGetProperty("id", out var value) ? value.ToString() : "?";
            if (item.TryGetProperty("verdict", out var verdict) && verdict.ValueKind == JsonValueKind.Object)
            {
                if (verdict.GetProperty("isSarcastic").GetBoolean())
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"- {id}: p = {verdict.GetProperty("probability").GetDouble():0.00}, driven by {verdict.GetProperty("drivingInteraction").GetString()}");
                }
            }
            else if (item.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {id}: not judged ({error.GetProperty("message").GetString()})");
            }
        }

        return text.ToString().TrimEnd();
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The offline moderator does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
