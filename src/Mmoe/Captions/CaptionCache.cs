using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Caching;

namespace Mmoe.Captions;

/// <summary>
/// Captions on disk, one file per image and captioner: <c>&lt;dir&gt;/&lt;key[0..2]&gt;/&lt;key&gt;.caption</c>, where the key
/// is the SHA-256 of the captioner's <see cref="CaptionerIdentity.Key"/> and of the image's SHA-256, so the same bytes
/// under another file name (or in another dataset) are captioned once, and a changed image or another captioner never
/// reads a stale caption. An entry holds the magic <c>MMOECAP1</c>, its own key, the caption's UTF-8 length and
/// bytes, and a SHA-256 of all that; an entry that fails any check is reported, recomputed and rewritten, never used.
/// Entries are written to a temporary file and renamed, so concurrent processes (and a run stopped half way) leave
/// only whole entries. Thread-safe.
/// </summary>
public sealed class CaptionCache
{
    private readonly CheckedEntryStore _store;

    public CaptionCache(CaptionCacheOptions? options = null, ILogger<CaptionCache>? logger = null)
    {
        Options = options ?? new CaptionCacheOptions();
        if (Options.MaxBytes <= 0)
        {
            throw new ArgumentException($"CaptionCacheOptions.MaxBytes must be positive (got {Options.MaxBytes}).", nameof(options));
        }

        _store = new CheckedEntryStore(
            Options.Directory ?? CaptionCacheOptions.DefaultDirectory, Options.MaxBytes, "MMOECAP1"u8, ".caption", "caption cache",
            "captioning the image again", logger ?? NullLogger<CaptionCache>.Instance);
    }

    public CaptionCacheOptions Options { get; }

    /// <summary>The folder holding the entries.</summary>
    public string Directory => _store.Directory;

    /// <summary>Entries read and used.</summary>
    public long Hits => _store.Hits;

    /// <summary>Lookups that found no entry.</summary>
    public long Misses => _store.Misses;

    /// <summary>Entries found corrupt or stored under another key (recomputed and rewritten).</summary>
    public long Invalid => _store.Invalid;

    /// <summary>The cache key of an image (by its SHA-256) captioned by <paramref name="captioner"/> (lower-case hex).</summary>
    public static string KeyOf(CaptionerIdentity captioner, ReadOnlySpan<byte> imageSha256)
    {
        ArgumentNullException.ThrowIfNull(captioner);
        if (imageSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("An image hash is a 32-byte SHA-256.", nameof(imageSha256));
        }

        var text = $"mmoe-caption-key-v1\u001f{captioner.Key}\u001f{Convert.ToHexStringLower(imageSha256)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The entry's path (whether or not it exists).</summary>
    public string PathOf(string key) => _store.PathOf(key);

    /// <summary>The cached caption, or null when there is none or it fails a check (then it is logged and counted in <see cref="Invalid"/>).</summary>
    public string? TryRead(string key) => _store.TryRead<string>(key, Parse);

    /// <summary>Writes (or replaces) an entry atomically.</summary>
    public void Write(string key, string caption)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caption);
        var text = Encoding.UTF8.GetBytes(caption);
        _store.Write(key, 4 + text.Length, payload =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, text.Length);
            text.CopyTo(payload[4..]);
        });
    }

    /// <summary>Deletes the least recently used entries until the cache is under <see cref="CaptionCacheOptions.MaxBytes"/>.</summary>
    public void Trim() => _store.Trim();

    private static string? Parse(ReadOnlySpan<byte> payload, out string? caption)
    {
        caption = null;
        if (payload.Length < 4)
        {
            return "not a caption cache entry (truncated)";
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (length <= 0 || payload.Length != 4 + (long)length)
        {
            return "corrupt (its length does not match)";
        }

        try
        {
            caption = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload.Slice(4, length));
            return null;
        }
        catch (DecoderFallbackException)
        {
            return "corrupt (not UTF-8)";
        }
    }
}
