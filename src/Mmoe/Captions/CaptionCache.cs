using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
    private static readonly byte[] Magic = "MMOECAP1"u8.ToArray();
    private const int KeyBytes = 32;
    private const int HeaderBytes = 8 + KeyBytes + 4;
    private readonly ILogger _logger;
    private long _hits;
    private long _misses;
    private long _invalid;

    public CaptionCache(CaptionCacheOptions? options = null, ILogger<CaptionCache>? logger = null)
    {
        Options = options ?? new CaptionCacheOptions();
        if (Options.MaxBytes <= 0)
        {
            throw new ArgumentException($"CaptionCacheOptions.MaxBytes must be positive (got {Options.MaxBytes}).", nameof(options));
        }

        Directory = Path.GetFullPath(Options.Directory ?? CaptionCacheOptions.DefaultDirectory);
        _logger = logger ?? NullLogger<CaptionCache>.Instance;
    }

    public CaptionCacheOptions Options { get; }

    /// <summary>The folder holding the entries.</summary>
    public string Directory { get; }

    /// <summary>Entries read and used.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found no entry.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries found corrupt or stored under another key (recomputed and rewritten).</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    /// <summary>The cache key of an image (by its SHA-256) captioned by <paramref name="captioner"/> (lower-case hex).</summary>
    public static string KeyOf(CaptionerIdentity captioner, ReadOnlySpan<byte> imageSha256)
    {
        ArgumentNullException.ThrowIfNull(captioner);
        if (imageSha256.Length != KeyBytes)
        {
            throw new ArgumentException("An image hash is a 32-byte SHA-256.", nameof(imageSha256));
        }

        var text = $"mmoe-caption-key-v1\u001f{captioner.Key}\u001f{Convert.ToHexStringLower(imageSha256)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The entry's path (whether or not it exists).</summary>
    public string PathOf(string key)
    {
        CheckKey(key);
        return Path.Combine(Directory, key[..2], key + ".caption");
    }

    /// <summary>The cached caption, or null when there is none or it fails a check (then it is logged and counted in <see cref="Invalid"/>).</summary>
    public string? TryRead(string key)
    {
        var path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }

        var problem = Parse(bytes, key, out var caption);
        if (problem is not null)
        {
            Interlocked.Increment(ref _invalid);
            _logger.LogWarning("Caption cache entry {Path} is {Problem}; captioning the image again.", path, problem);
            return null;
        }

        Interlocked.Increment(ref _hits);
        try
        {
            // The last write time doubles as the last use, for least-recently-used eviction.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
        }

        return caption;
    }

    /// <summary>Writes (or replaces) an entry atomically.</summary>
    public void Write(string key, string caption)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caption);
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = Encoding.UTF8.GetBytes(caption);
        var body = HeaderBytes + text.Length;
        var bytes = new byte[body + KeyBytes];
        Magic.CopyTo(bytes, 0);
        Convert.FromHexString(key).CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 + KeyBytes), text.Length);
        text.CopyTo(bytes, HeaderBytes);
        SHA256.HashData(bytes.AsSpan(0, body), bytes.AsSpan(body));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes the least recently used entries until the cache is under <see cref="CaptionCacheOptions.MaxBytes"/>.</summary>
    public void Trim()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var entries = new DirectoryInfo(Directory).EnumerateFiles("*.caption", SearchOption.AllDirectories).ToList();
        var total = entries.Sum(entry => entry.Length);
        if (total <= Options.MaxBytes)
        {
            return;
        }

        // Down to 90% of the bound, so the next run does not trim again at once.
        var target = Options.MaxBytes / 10 * 9;
        foreach (var entry in entries.OrderBy(entry => entry.LastWriteTimeUtc))
        {
            if (total <= target)
            {
                break;
            }

            try
            {
                entry.Delete();
                total -= entry.Length;
            }
            catch (IOException)
            {
                // Another process is replacing it; it will be trimmed next time.
            }
        }

        _logger.LogInformation("Caption cache {Directory} trimmed to {Bytes} bytes (bound {MaxBytes}).", Directory, total, Options.MaxBytes);
    }

    private static string? Parse(byte[] bytes, string key, out string? caption)
    {
        caption = null;
        if (bytes.Length < HeaderBytes + KeyBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            return "not a caption cache entry (truncated or wrong magic)";
        }

        var body = bytes.Length - KeyBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
        {
            return "corrupt (its checksum does not match)";
        }

        if (!bytes.AsSpan(8, KeyBytes).SequenceEqual(Convert.FromHexString(key)))
        {
            return "stored under another key";
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + KeyBytes));
        if (length <= 0 || body != HeaderBytes + (long)length)
        {
            return "corrupt (its length does not match)";
        }

        try
        {
            caption = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, HeaderBytes, length);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return "corrupt (not UTF-8)";
        }
    }

    private static void CheckKey(string key)
    {
        if (key is not { Length: KeyBytes * 2 } || !key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException("A caption cache key is 64 lower-case hex digits (see CaptionCache.KeyOf).", nameof(key));
        }
    }
}
