using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Mmoe.Captions;
using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Captioning;

/// <summary>Describes an image with any vision-capable <see cref="IChatClient"/> (a hosted model, Ollama, ...).</summary>
public sealed class ChatClientImageToText(IChatClient client, string? instruction = null, int maxOutputTokens = 128) : IImageToText
{
    /// <summary>Asks for the kind of description the reference's captions give: people, expressions, setting, visible text.</summary>
    public const string DefaultInstruction =
        "Describe this image in one or two sentences: who is in it, their expressions and gestures, the setting, and any visible text.";

    private readonly IChatClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// Who captions, for <see cref="DatasetCaptioner"/>'s cache keys and captions files: the client's provider and model
    /// id (from its <see cref="ChatClientMetadata"/>), the instruction and the length limit. A hosted model has no file to
    /// hash, so a provider that changes the weights behind the same model id is not noticed: name a pinned version.
    /// </summary>
    public CaptionerIdentity Identity => new("chat-client", new JsonObject
    {
        ["provider"] = _client.GetService<ChatClientMetadata>()?.ProviderName,
        ["model"] = _client.GetService<ChatClientMetadata>()?.DefaultModelId,
        ["instruction"] = instruction ?? DefaultInstruction,
        ["maxOutputTokens"] = maxOutputTokens,
        ["temperature"] = 0,
    });

    public async Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = await ImageBytes.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent(instruction ?? DefaultInstruction),
            new DataContent(bytes, ImageBytes.MediaType(image, bytes)),
        ]);
        var response = await _client.GetResponseAsync([message], new ChatOptions { Temperature = 0, MaxOutputTokens = maxOutputTokens }, cancellationToken)
            .ConfigureAwait(false);
        var caption = response.Text.Trim();
        return caption.Length > 0 ? caption : throw new InvalidOperationException("The chat client returned an empty image description.");
    }
}
