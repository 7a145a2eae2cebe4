using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;

namespace Mmoe.Captions;

/// <summary>
/// Captions the images of a dataset's posts with one captioner: every distinct image (by SHA-256 of its bytes) once,
/// each caption read from or written to a <see cref="CaptionCache"/> as soon as it exists, so a stopped run keeps
/// what it finished and a rerun captions only what is new or changed. A post without an image is kept without a
/// caption; an image that cannot be read or captioned is reported with its error and the run goes on, unless
/// <see cref="MaxConsecutiveFailures"/> images in a row fail (then the captioner, not the images, is the likely fault).
/// </summary>
public sealed class DatasetCaptioner
{
    private readonly IImageToText _captioner;
    private readonly CaptionCache? _cache;
    private readonly ILogger _logger;

    /// <param name="captioner">Describes one image.</param>
    /// <param name="identity">Who <paramref name="captioner"/> is (its model files and settings): part of every cache key.</param>
    /// <param name="cache">Where captions are kept between runs; null captions everything every time.</param>
    /// <param name="logger">Where failed images are logged.</param>
    public DatasetCaptioner(IImageToText captioner, CaptionerIdentity identity, CaptionCache? cache = null, ILogger? logger = null)
    {
        _captioner = captioner ?? throw new ArgumentNullException(nameof(captioner));
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        _cache = cache;
        _logger = logger ?? NullLogger.Instance;
    }

    public CaptionerIdentity Identity { get; }

    /// <summary>Failures in a row after which the run stops with an error (0: never stop).</summary>
    public int MaxConsecutiveFailures { get; init; } = 20;

    /// <summary>Captions every request's image; the result lists the posts in the requests' order.</summary>
    public async Task<CaptioningResult> CaptionAsync(
        IReadOnlyList<CaptionRequest> requests, IProgress<CaptioningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
            if (!seen.Add(request.PostId))
            {
                throw new ArgumentException($"Post '{request.PostId}' is asked for twice; give each post once.", nameof(requests));
            }
        }

        // First pass: hash every image (streamed, one at a time), so equal bytes under different names are one image.
        var posts = new PostCaption[requests.Count];
        var hashes = new byte[requests.Count][];
        var firstWithHash = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = requests[i];
            if (request.ImagePath is null)
            {
                posts[i] = new PostCaption(request.PostId, null, null, null, CaptionOutcome.NoImage);
                continue;
            }

            try
            {
                await using var stream = new FileStream(request.ImagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                hashes[i] = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                posts[i] = Failed(request, null, $"cannot read the image: {ex.Message}");
                continue;
            }

            var hex = Convert.ToHexStringLower(hashes[i]);
            if (firstWithHash.TryGetValue(hex, out var first))
            {
                // Filled in once the first post's image is done.
                posts[i] = new PostCaption(request.PostId, request.ImagePath, hex, null, CaptionOutcome.Failed, requests[first].PostId);
                continue;
            }

            firstWithHash[hex] = i;
            distinct.Add(i);
        }

        var captioned = 0;
        var fromCache = 0;
        var failed = 0;
        var failuresInARow = 0;
        try
        {
            for (var d = 0; d < distinct.Count; d++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var i = distinct[d];
                posts[i] = await CaptionOneAsync(requests[i], hashes[i], cancellationToken).ConfigureAwait(false);
                switch (posts[i].Outcome)
                {
                    case CaptionOutcome.Captioned:
                        captioned++;
                        failuresInARow = 0;
                        break;
                    case CaptionOutcome.FromCache:
                        fromCache++;
                        failuresInARow = 0;
                        break;
                    default:
                        failed++;
                        failuresInARow++;
                        _logger.LogWarning("Post {PostId}: image {Path} failed: {Error}", posts[i].PostId, posts[i].ImagePath, posts[i].Error);
                        if (MaxConsecutiveFailures > 0 && failuresInARow >= MaxConsecutiveFailures)
                        {
                            throw new InvalidOperationException(
                                $"{failuresInARow} images in a row could not be captioned (the last, {posts[i].ImagePath}: {posts[i].Error}); stopping, since the captioner rather than the images is likely at fault. Captions finished so far are cached.");
                        }

                        break;
                }

                progress?.Report(new CaptioningProgress(d + 1, distinct.Count, captioned, fromCache, failed));
            }
        }
        finally
        {
            _cache?.Trim();
        }

        for (var i = 0; i < posts.Length; i++)
        {
            if (posts[i].SameImageAs is not null)
            {
                var shared = posts[firstWithHash[posts[i].ImageSha256!]];
                posts[i] = posts[i] with { Caption = shared.Caption, Outcome = shared.Outcome, Error = shared.Error };
            }
        }

        return new CaptioningResult(posts);
    }

    private async Task<PostCaption> CaptionOneAsync(CaptionRequest request, byte[] hash, CancellationToken cancellationToken)
    {
        var hex = Convert.ToHexStringLower(hash);
        var key = CaptionCache.KeyOf(Identity, hash);
        if (_cache?.TryRead(key) is { } cached)
        {
            return new PostCaption(request.PostId, request.ImagePath, hex, cached, CaptionOutcome.FromCache);
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(request.ImagePath!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(request, hex, $"cannot read the image: {ex.Message}");
        }

        // The caption must belong to the bytes the key names: a file replaced since it was hashed is not captioned now.
        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash))
        {
            return Failed(request, hex, "the image changed while the run was going; run again to caption its new bytes.");
        }

        string caption;
        try
        {
            caption = (await _captioner.DescribeAsync(PostImage.FromBytes(bytes), cancellationToken).ConfigureAwait(false))?.Trim() ?? "";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A corrupt or unsupported image is that image's problem: reported, and the other images go on.
            return Failed(request, hex, ex.Message);
        }

        if (caption.Length == 0)
        {
            return Failed(request, hex, "the captioner returned an empty caption.");
        }

        _cache?.Write(key, caption);
        return new PostCaption(request.PostId, request.ImagePath, hex, caption, CaptionOutcome.Captioned);
    }

    private static PostCaption Failed(CaptionRequest request, string? hash, string error) =>
        new(request.PostId, request.ImagePath, hash, null, CaptionOutcome.Failed, Error: error);
}
