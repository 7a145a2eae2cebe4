using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mmoe.Features;

/// <summary>
/// Feature vectors on disk, one file per post and featurizer: <c>&lt;dir&gt;/&lt;key[0..2]&gt;/&lt;key&gt;.feat</c>, where the
/// key is the SHA-256 of the featurizer's name and configuration (for Qwen2 hidden states: the GGUF's SHA-256, the
/// prompt template and the pooling) and of everything the post carries (text, speaker, context, caption, metadata,
/// the image's bytes). An entry holds the magic <c>MMOEFEA1</c>, its own key, the dimension, the sparse indices and
/// values, and a SHA-256 of all that; an entry that fails any check is reported, recomputed and rewritten, never used.
/// Entries are written to a temporary file and renamed, so concurrent processes share a cache safely. Thread-safe.
/// </summary>
public sealed class FeatureCache
{
    private static readonly byte[] Magic = "MMOEFEA1"u8.ToArray();
    private const int KeyBytes = 32;
    private const int HeaderBytes = 8 + KeyBytes + 4 + 4;
    private readonly ILogger _logger;
    private long _hits;
    private long _misses;
    private long _invalid;

    public FeatureCache(FeatureCacheOptions? options = null, ILogger<FeatureCache>? logger = null)
    {
        Options = options ?? new FeatureCacheOptions();
        if (Options.MaxBytes <= 0)
        {
            throw new ArgumentException($"FeatureCacheOptions.MaxBytes must be positive (got {Options.MaxBytes}).", nameof(options));
        }

        Directory = Path.GetFullPath(Options.Directory ?? FeatureCacheOptions.DefaultDirectory);
        _logger = logger ?? NullLogger<FeatureCache>.Instance;
    }

    public FeatureCacheOptions Options { get; }

    /// <summary>The folder holding the entries.</summary>
    public string Directory { get; }

    /// <summary>Entries read and used.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Posts with no entry (computed and written).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries found stale or corrupt (recomputed and rewritten).</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    /// <summary>The cache key of <paramref name="post"/> featurized by a featurizer with this name and configuration (lower-case hex).</summary>
    public static string KeyOf(string featurizerName, JsonObject configuration, SocialPost post, ReadOnlySpan<byte> imageSha256 = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(post);
        var text = new StringBuilder();
        void Field(string? value) => text.Append(value?.Length ?? -1).Append(':').Append(value).Append('\u001f');
        Field("mmoe-feature-key-v1");
        Field(featurizerName);
        Field(configuration.ToJsonString());
        Field(post.Text);
        Field(post.Speaker);
        Field(post.Caption);
        text.Append(post.Context.Count).Append('\u001e');
        foreach (var turn in post.Context)
        {
            Field(turn.Speaker);
            Field(turn.Text);
        }

        foreach (var (key, value) in post.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Field(key);
            Field(value);
        }

        Field(imageSha256.IsEmpty ? null : Convert.ToHexStringLower(imageSha256));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The entry's path (whether or not it exists).</summary>
    public string PathOf(string key)
    {
        CheckKey(key);
        return Path.Combine(Directory, key[..2], key + ".feat");
    }

    /// <summary>The cached vector, or null when there is none or it fails a check (then it is logged and counted in <see cref="Invalid"/>).</summary>
    public FeatureVector? TryRead(string key, int dimension)
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

        var problem = Parse(bytes, key, dimension, out var vector);
        if (problem is not null)
        {
            Interlocked.Increment(ref _invalid);
            _logger.LogWarning("Feature cache entry {Path} is {Problem}; recomputing it.", path, problem);
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

        return vector;
    }

    /// <summary>Writes (or replaces) an entry atomically.</summary>
    public void Write(string key, FeatureVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var body = HeaderBytes + (vector.Count * 8);
        var bytes = new byte[body + KeyBytes];
        Magic.CopyTo(bytes, 0);
        Convert.FromHexString(key).CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 + KeyBytes), vector.Dimension);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12 + KeyBytes), vector.Count);
        var offset = HeaderBytes;
        foreach (var index in vector.Indices)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), index);
            offset += 4;
        }

        foreach (var value in vector.Values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), value);
            offset += 4;
        }

        SHA256.HashData(bytes.AsSpan(0, body), bytes.AsSpan(body));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes the least recently used entries until the cache is under <see cref="FeatureCacheOptions.MaxBytes"/>.</summary>
    public void Trim()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var entries = new DirectoryInfo(Directory).EnumerateFiles("*.feat", SearchOption.AllDirectories).ToList();
        var total = entries.Sum(entry => entry.Length);
        if (total <= Options.MaxBytes)
        {
            return;
        }

        // Down to 90% of the bound, so the next batch does not trim again at once.
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

        _logger.LogInformation("Feature cache {Directory} trimmed to {Bytes} bytes (bound {MaxBytes}).", Directory, total, Options.MaxBytes);
    }

    private static string? Parse(byte[] bytes, string key, int dimension, out FeatureVector? vector)
    {
        vector = null;
        if (bytes.Length < HeaderBytes + KeyBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            return "not a feature cache entry (truncated or wrong magic)";
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

        var storedDimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + KeyBytes));
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12 + KeyBytes));
        if (storedDimension != dimension)
        {
            return $"stale ({storedDimension} dimensions; the featurizer gives {dimension})";
        }

        if (count < 0 || count > dimension || body != HeaderBytes + (count * 8L))
        {
            return "corrupt (its length does not match its count)";
        }

        var indices = new int[count];
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(HeaderBytes + (i * 4)));
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(HeaderBytes + (count * 4) + (i * 4)));
        }

        try
        {
            vector = new FeatureVector(dimension, indices, values);
            return null;
        }
        catch (ArgumentException)
        {
            return "corrupt (its indices are out of order)";
        }
    }

    private static void CheckKey(string key)
    {
        if (key is not { Length: KeyBytes * 2 } || !key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException("A feature cache key is 64 lower-case hex digits (see FeatureCache.KeyOf).", nameof(key));
        }
    }
}
