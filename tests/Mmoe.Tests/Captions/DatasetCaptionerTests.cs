using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mmoe.Captions;
using Mmoe.Detection;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Captions;

/// <summary>Captioning a dataset's images through the on-disk caption cache, with a captioner that names the bytes it saw.</summary>
public sealed class DatasetCaptionerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly CaptionerIdentity Identity = new("fake", new JsonObject { ["model"] = "v1", ["maxTokens"] = 8 });

    public void Dispose() => _temp.Dispose();

    private string Image(string name, string content) => _temp.Write(Path.Combine("images", name), content);

    private CaptionCache Cache() => new(new CaptionCacheOptions { Directory = Path.Combine(_temp.Path, "cache") });

    /// <summary>Four posts: a and d share the same bytes, b has its own image, c has none.</summary>
    private IReadOnlyList<CaptionRequest> Requests() =>
    [
        new("a", Image("a.png", "red pixels")),
        new("b", Image("b.png", "blue pixels")),
        new("c", null),
        new("d", Image("d.png", "red pixels")),
    ];

    [Fact]
    public async Task Each_distinct_image_is_captioned_once_and_a_post_without_an_image_is_kept_without_a_caption()
    {
        var captioner = new NamingCaptioner();

        var result = await new DatasetCaptioner(captioner, Identity, Cache()).CaptionAsync(Requests());

        Assert.Equal(["red pixels", "blue pixels"], captioner.Seen);
        Assert.Equal(["a", "b", "c", "d"], result.Posts.Select(post => post.PostId));
        Assert.Equal(["caption of 'red pixels'", "caption of 'blue pixels'", null, "caption of 'red pixels'"], result.Posts.Select(post => post.Caption));
        Assert.Equal([CaptionOutcome.Captioned, CaptionOutcome.Captioned, CaptionOutcome.NoImage, CaptionOutcome.Captioned], result.Posts.Select(post => post.Outcome));
        Assert.Equal("a", result.Posts[3].SameImageAs);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("red pixels"u8)), result.Posts[0].ImageSha256);
        Assert.Equal((2, 0, 0, 1, 1, 3), (result.ImagesCaptioned, result.ImagesFromCache, result.ImagesFailed, result.PostsWithoutImage, result.PostsSharingAnImage, result.PostsCaptioned));
    }

    [Fact]
    public async Task A_second_run_reads_every_caption_from_the_cache_and_a_changed_image_is_captioned_again()
    {
        await new DatasetCaptioner(new NamingCaptioner(), Identity, Cache()).CaptionAsync(Requests());
        var again = new NamingCaptioner();
        var cache = Cache();

        var second = await new DatasetCaptioner(again, Identity, cache).CaptionAsync(Requests());

        Assert.Empty(again.Seen);
        Assert.Equal((0, 2), (second.ImagesCaptioned, second.ImagesFromCache));
        Assert.Equal(2, cache.Hits);
        Assert.Equal("caption of 'blue pixels'", second.Posts[1].Caption);

        var requests = Requests();
        File.WriteAllText(requests[1].ImagePath!, "green pixels");
        var third = await new DatasetCaptioner(again, Identity, Cache()).CaptionAsync(requests);

        Assert.Equal(["green pixels"], again.Seen);
        Assert.Equal((1, 1), (third.ImagesCaptioned, third.ImagesFromCache));
        Assert.Equal("caption of 'green pixels'", third.Posts[1].Caption);
    }

    [Fact]
    public async Task Another_captioner_identity_never_reads_the_first_ones_captions()
    {
        await new DatasetCaptioner(new NamingCaptioner(), Identity, Cache()).CaptionAsync(Requests());
        var other = new CaptionerIdentity("fake", new JsonObject { ["model"] = "v1", ["maxTokens"] = 9 });
        var captioner = new NamingCaptioner();

        var result = await new DatasetCaptioner(captioner, other, Cache()).CaptionAsync(Requests());

        Assert.NotEqual(Identity.Key, other.Key);
        Assert.Equal(2, captioner.Seen.Count);
        Assert.Equal((2, 0), (result.ImagesCaptioned, result.ImagesFromCache));
    }

    [Fact]
    public async Task An_image_the_captioner_rejects_is_reported_and_the_other_images_are_captioned()
    {
        var requests = Requests().Append(new CaptionRequest("e", Image("e.png", "corrupt"))).ToList();
        var cache = Cache();

        var result = await new DatasetCaptioner(new NamingCaptioner(), Identity, cache).CaptionAsync(requests);

        var failed = Assert.Single(result.Posts, post => post.Outcome == CaptionOutcome.Failed);
        Assert.Equal("e", failed.PostId);
        Assert.Null(failed.Caption);
        Assert.Equal("the bytes are no image", failed.Error);
        Assert.Equal((2, 1), (result.ImagesCaptioned, result.ImagesFailed));
        // A failure is not cached: the next run tries the image again.
        var retry = new NamingCaptioner();
        await new DatasetCaptioner(retry, Identity, Cache()).CaptionAsync(requests);
        Assert.Equal(["corrupt"], retry.Seen);
    }

    [Fact]
    public async Task Too_many_failures_in_a_row_stop_the_run_with_the_last_error()
    {
        var requests = Enumerable.Range(0, 4).Select(i => new CaptionRequest($"p{i}", Image($"p{i}.png", $"corrupt {i}"))).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DatasetCaptioner(new NamingCaptioner(), Identity, Cache()) { MaxConsecutiveFailures = 3 }.CaptionAsync(requests));

        Assert.Contains("3 images in a row", error.Message, StringComparison.Ordinal);
        Assert.Contains("p2.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_cache_entry_is_captioned_again_never_used()
    {
        await new DatasetCaptioner(new NamingCaptioner(), Identity, Cache()).CaptionAsync(Requests());
        var cache = Cache();
        var path = cache.PathOf(CaptionCache.KeyOf(Identity, SHA256.HashData("blue pixels"u8)));
        var bytes = File.ReadAllBytes(path);
        bytes[50] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        var captioner = new NamingCaptioner();

        var result = await new DatasetCaptioner(captioner, Identity, cache).CaptionAsync(Requests());

        Assert.Equal(["blue pixels"], captioner.Seen);
        Assert.Equal(1, cache.Invalid);
        Assert.Equal("caption of 'blue pixels'", result.Posts[1].Caption);
        Assert.Equal("caption of 'blue pixels'", Cache().TryRead(CaptionCache.KeyOf(Identity, SHA256.HashData("blue pixels"u8))));
    }

    [Fact]
    public async Task Cancelling_keeps_the_captions_already_cached()
    {
        using var stop = new CancellationTokenSource();
        var captioner = new NamingCaptioner { AfterEach = stop.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DatasetCaptioner(captioner, Identity, Cache()).CaptionAsync(Requests(), cancellationToken: stop.Token));

        var resumed = new NamingCaptioner();
        var result = await new DatasetCaptioner(resumed, Identity, Cache()).CaptionAsync(Requests());
        Assert.Equal(["blue pixels"], resumed.Seen);
        Assert.Equal((1, 1), (result.ImagesCaptioned, result.ImagesFromCache));
    }

    [Fact]
    public async Task The_same_post_asked_for_twice_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new DatasetCaptioner(new NamingCaptioner(), Identity).CaptionAsync([new CaptionRequest("a", null), new CaptionRequest("a", null)]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Captions an image with its own bytes (as text), so a test knows which bytes were described; "corrupt…" bytes fail.</summary>
    private sealed class NamingCaptioner : IImageToText
    {
        public List<string> Seen { get; } = [];

        public Action? AfterEach { get; init; }

        public Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
        {
            var text = Encoding.UTF8.GetString(image.Bytes!.Value.Span);
            Seen.Add(text);
            AfterEach?.Invoke();
            return text.StartsWith("corrupt", StringComparison.Ordinal)
                ? Task.FromException<string>(new InvalidDataException("the bytes are no image"))
                : Task.FromResult($"caption of '{text}'");
        }
    }
}
