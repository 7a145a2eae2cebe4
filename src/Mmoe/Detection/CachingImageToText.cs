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
    private readonly ConcurrentQueue<KeyValuePair<string, Lazy<Task<string>>>> _order = new();

    public int Count => _captions.Count;

    public async Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        // Read a file once: the bytes that were hashed are the bytes the inner captioner describes.
        var bytes = image.Bytes ?? await File.ReadAllBytesAsync(image.FilePath!, cancellationToken).ConfigureAwait(false);
        var inMemory = image.Bytes is null ? PostImage.FromBytes(bytes, image.MediaType) : image;
        var key = Convert.ToHexString(SHA256.HashData(bytes.Span));
        var candidate = new Lazy<Task<string>>(() => _inner.DescribeAsync(inMemory, CancellationToken.None));
        var entry = _captions.GetOrAdd(key, candidate);
        if (ReferenceEquals(entry, candidate))
        {
            _order.Enqueue(new(key, entry));
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
        // Queue entries whose caption failed (and was forgotten) no longer match the dictionary and are skipped.
        while (_captions.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _captions.TryRemove(oldest);
        }
    }
}
