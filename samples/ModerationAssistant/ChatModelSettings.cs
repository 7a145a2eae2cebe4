using System.ClientModel;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Mmoe.Samples.ModerationAssistant;

/// <summary>Which chat model the assistant talks to, read from environment variables.</summary>
internal sealed record ChatModelSettings(string Provider, string Model, Uri? Endpoint, string? ApiKey)
{
    public const string Help = """
        ModerationAssistant needs a chat model that supports tool calling. Configure one with environment variables:

          OpenAI or any OpenAI-compatible server (vLLM, LM Studio, llama.cpp server, Azure OpenAI v1 endpoint, ...):
            export OPENAI_API_KEY=sk-...                     (any non-empty value for servers without keys)
            export OPENAI_BASE_URL=http://localhost:8000/v1  (optional; default https://api.openai.com/v1)
            export MMOE_CHAT_MODEL=gpt-4o-mini               (optional; default gpt-4o-mini)

          Ollama:
            export OLLAMA_ENDPOINT=http://localhost:11434
            export MMOE_CHAT_MODEL=llama3.1                  (optional; default llama3.1; pick a model with tool support)

        Then run the sample again. (A local GGUF chat model can be served through any OpenAI-compatible server, e.g. llama.cpp's llama-server.)
        """;

    /// <summary>The configured model, or null when none is configured. OpenAI settings win when both are present.</summary>
    public static ChatModelSettings? FromEnvironment()
    {
        var model = Environment.GetEnvironmentVariable("MMOE_CHAT_MODEL");
        if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } apiKey)
        {
            var baseUrl = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
            return new("openai", string.IsNullOrWhiteSpace(model) ? "gpt-4o-mini" : model, string.IsNullOrWhiteSpace(baseUrl) ? null : new Uri(baseUrl), apiKey);
        }

        if (Environment.GetEnvironmentVariable("OLLAMA_ENDPOINT") is { Length: > 0 } endpoint)
        {
            return new("ollama", string.IsNullOrWhiteSpace(model) ? "llama3.1" : model, new Uri(endpoint), null);
        }

        return null;
    }

    public IChatClient CreateClient() => Provider switch
    {
        "openai" => new OpenAIClient(new ApiKeyCredential(ApiKey!), new OpenAIClientOptions { Endpoint = Endpoint }).GetChatClient(Model).AsIChatClient(),
        _ => new OllamaApiClient(Endpoint!, Model),
    };

    public override string ToString() => $"{Provider} model '{Model}'" + (Endpoint is null ? string.Empty : $" at {Endpoint}");
}
