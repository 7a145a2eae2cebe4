using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Caching;

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
    private const int CountsBytes = 4 + 4;
    private readonly CheckedEntryStore _store;

    public FeatureCache(FeatureCacheOptions? options = null, ILogger<FeatureCache>? logger = null)
    {
        Options = options ?? new FeatureCacheOptions();
        if (Options.MaxBytes <= 0)
        {
            throw new ArgumentException($"FeatureCacheOptions.MaxBytes must be positive (got {Options.MaxBytes}).", nameof(options));
        }

        _store = new CheckedEntryStore(
            Options.Directory ?? FeatureCacheOptions.DefaultDirectory, Options.MaxBytes, "MMOEFEA1"u8, ".feat", "feature cache", "recomputing it",
            logger ?? NullLogger<FeatureCache>.Instance);
    }

    public FeatureCacheOptions Options { get; }

    /// <summary>The folder holding the entries.</summary>
    public string Directory => _store.Directory;

    /// <summary>Entries read and used.</summary>
    public long Hits => _store.Hits;

    /// <summary>Posts with no entry (computed and written).</summary>
    public long Misses => _store.Misses;

    /// <summary>Entries found stale or corrupt (recomputed and rewritten).</summary>
    public long Invalid => _store.Invalid;

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
    public string PathOf(string key) => _store.PathOf(key);

    /// <summary>The cached vector, or null when there is none or it fails a check (then it is logged and counted in <see cref="Invalid"/>).</summary>
    public FeatureVector? TryRead(string key, int dimension) =>
        _store.TryRead(key, (ReadOnlySpan<byte> payload, out FeatureVector? vector) => Parse(payload, dimension, out vector));

    /// <summary>Writes (or replaces) an entry atomically.</summary>
    public void Write(string key, FeatureVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        _store.Write(key, CountsBytes + (vector.Count * 8), payload =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, vector.Dimension);
            BinaryPrimitives.WriteInt32LittleEndian(payload[4..], vector.Count);
            var offset = CountsBytes;
            foreach (var index in vector.Indices)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload[offset..], index);
                offset += 4;
            }

            foreach (var value in vector.Values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(payload[offset..], value);
                offset += 4;
            }
        });
    }

    /// <summary>Deletes the least recently used entries until the cache is under <see cref="FeatureCacheOptions.MaxBytes"/>.</summary>
    public void Trim() => _store.Trim();

    private static string? Parse(ReadOnlySpan<byte> payload, int dimension, out FeatureVector? vector)
    {
        vector = null;
        if (payload.Length < CountsBytes)
        {
            return "not a feature cache entry (truncated)";
        }

        var storedDimension = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        if (storedDimension != dimension)
        {
            return $"stale ({storedDimension} dimensions; the featurizer gives {dimension})";
        }

        if (count < 0 || count > dimension || payload.Length != CountsBytes + (count * 8L))
        {
            return "corrupt (its length does not match its count)";
        }

        var indices = new int[count];
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = BinaryPrimitives.ReadInt32LittleEndian(payload[(CountsBytes + (i * 4))..]);
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(CountsBytes + (count * 4) + (i * 4))..]);
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
}
