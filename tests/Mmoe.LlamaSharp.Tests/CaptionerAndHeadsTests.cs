using Microsoft.Extensions.AI;
using Mmoe.Captions;
using Mmoe.LlamaSharp.Captioning;
using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Tests;

public sealed class CaptionerAndHeadsTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    [Fact]
    public async Task Chat_client_captioner_sends_the_image_and_instruction_and_returns_the_trimmed_answer()
    {
        var client = new RecordingChatClient("  A dog wearing sunglasses.  ");
        var captioner = new ChatClientImageToText(client, "Describe it.");

        var caption = await captioner.DescribeAsync(PostImage.FromBytes(Png));

        Assert.Equal("A dog wearing sunglasses.", caption);
        var message = Assert.Single(client.Messages!);
        Assert.Equal("Describe it.", Assert.IsType<TextContent>(message.Contents[0]).Text);
        var image = Assert.IsType<DataContent>(message.Contents[1]);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(Png, image.Data.ToArray());
        Assert.Equal(0f, client.Options!.Temperature);
    }

    [Fact]
    public async Task Chat_client_captioner_reads_image_files_and_rejects_unknown_formats()
    {
        using var temp = new TempDirectory();
        var path = temp.File("frame.bin");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4]);
        var captioner = new ChatClientImageToText(new RecordingChatClient("x"));

        await Assert.ThrowsAsync<InvalidDataException>(() => captioner.DescribeAsync(PostImage.FromFile(path)));
        Assert.Equal("x", await captioner.DescribeAsync(PostImage.FromFile(path, "image/jpeg")));
    }

    [Fact]
    public async Task A_chat_client_captions_a_dataset_through_the_cache_under_its_model_id()
    {
        using var temp = new TempDirectory();
        var image = temp.File("1.png");
        await File.WriteAllBytesAsync(image, Png);
        var client = new RecordingChatClient("A dog.", new ChatClientMetadata("ollama", null, "llava:7b"));
        var captioner = new ChatClientImageToText(client, "Describe it.", maxOutputTokens: 40);
        var cache = new CaptionCache(new CaptionCacheOptions { Directory = temp.File("cache") });
        CaptionRequest[] posts = [new("1", image), new("2", image), new("3", null)];

        var first = await new DatasetCaptioner(captioner, captioner.Identity, cache).CaptionAsync(posts);
        var second = await new DatasetCaptioner(captioner, captioner.Identity, cache).CaptionAsync(posts);
        var otherModel = new ChatClientImageToText(new RecordingChatClient("A cat.", new ChatClientMetadata("ollama", null, "llava:13b")), "Describe it.", 40);

        Assert.Equal(1, client.Calls);
        Assert.Equal(["A dog.", "A dog.", null], first.Posts.Select(post => post.Caption));
        Assert.Equal((0, 1), (second.ImagesCaptioned, second.ImagesFromCache));
        Assert.Equal("llava:7b", captioner.Identity.Settings["model"]!.GetValue<string>());
        Assert.Equal(40, captioner.Identity.Settings["maxOutputTokens"]!.GetValue<int>());
        Assert.NotEqual(captioner.Identity.Key, otherModel.Identity.Key);
        Assert.NotEqual(captioner.Identity.Key, new ChatClientImageToText(client, "Describe it briefly.", 40).Identity.Key);
    }

    private sealed class RecordingChatClient(string answer, ChatClientMetadata? metadata = null) : IChatClient
    {
        public int Calls { get; private set; }

        public IReadOnlyList<ChatMessage>? Messages { get; private set; }

        public ChatOptions? Options { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Messages = [.. messages];
            Options = options;
            Calls++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? metadata : null;

        public void Dispose()
        {
        }
    }
}
