using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Mmoe.Detection;

/// <summary>
/// Remembers captions by the SHA-256 of the image bytes, so an image seen again (a repost, a retry, the same
/// frame in a batch) is described once. Concurrent requests for the same image share one description.
/// </summary>
public sealed class CachingImageToText(IImageToText inner, int capacity = 4096) : IImageToText
{
    private readonly IImageToText _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _captions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Count => _captions.Count;

    public async Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var key = await HashAsync(image, cancellationToken).ConfigureAwait(false);
        var candidate = new Lazy<Task<string>>(() => _inner.DescribeAsync(image, CancellationToken.None));
        var entry = _captions.GetOrAdd(key, candidate);
        if (ReferenceEquals(entry, candidate))
        {
            _order.Enqueue(key);
            Evict();
        }

        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // A failed description is not remembered: the next request tries again.
            _captions.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, entry));
            throw;
        }
    }

    private void Evict()
    {
        while (_captions.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _captions.TryRemove(oldest, out _);
        }
    }

    private static async Task<string> HashAsync(PostImage image, CancellationToken cancellationToken)
    {
        if (image.Bytes is { } bytes)
        {
            return Convert.ToHexString(SHA256.HashData(bytes.Span));
        }

        var stream = File.OpenRead(image.FilePath!);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
