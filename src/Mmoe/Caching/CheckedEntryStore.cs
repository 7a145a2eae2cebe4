using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Mmoe.Caching;

/// <summary>
/// What the feature and caption caches share: entries on disk at <c>&lt;dir&gt;/&lt;key[0..2]&gt;/&lt;key&gt;&lt;extension&gt;</c>,
/// each <c>magic (8 bytes) | key (32) | payload | SHA-256 of all before it (32)</c>. An entry whose magic, checksum or
/// key does not match, or whose payload its reader rejects, is reported and treated as missing, never used. Writes go
/// to a temporary file that is then renamed, so concurrent processes and a run stopped half way leave only whole
/// entries; the last write time doubles as the last use, and <see cref="Trim"/> deletes least recently used entries
/// first. Thread-safe.
/// </summary>
internal sealed class CheckedEntryStore
{
    private const int MagicBytes = 8;
    private const int KeyBytes = 32;
    private const int ChecksumBytes = 32;
    private readonly byte[] _magic;
    private readonly string _extension;
    private readonly string _kind;
    private readonly string _onInvalid;
    private readonly ILogger _logger;
    private long _hits;
    private long _misses;
    private long _invalid;

    /// <param name="directory">The folder holding the entries.</param>
    /// <param name="maxBytes">The size <see cref="Trim"/> keeps the folder under.</param>
    /// <param name="magic">The first 8 bytes of every entry of this kind.</param>
    /// <param name="extension">The entry files' extension (".feat").</param>
    /// <param name="kind">What an entry is, for messages ("feature cache").</param>
    /// <param name="onInvalid">What happens instead of using an invalid entry, for the log ("recomputing it").</param>
    /// <param name="logger">Where invalid entries and trims are reported.</param>
    public CheckedEntryStore(string directory, long maxBytes, ReadOnlySpan<byte> magic, string extension, string kind, string onInvalid, ILogger logger)
    {
        if (magic.Length != MagicBytes)
        {
            throw new ArgumentException($"A magic is {MagicBytes} bytes.", nameof(magic));
        }

        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
        _magic = magic.ToArray();
        _extension = extension;
        _kind = kind;
        _onInvalid = onInvalid;
        _logger = logger;
    }

    public string Directory { get; }

    public long MaxBytes { get; }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public long Invalid => Interlocked.Read(ref _invalid);

    /// <summary>Reads an entry's payload into a value, or says what is wrong with it.</summary>
    public delegate string? PayloadReader<T>(ReadOnlySpan<byte> payload, out T? value);

    public string PathOf(string key)
    {
        if (key is not { Length: KeyBytes * 2 } || !key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException($"A {_kind} key is 64 lower-case hex digits.", nameof(key));
        }

        return Path.Combine(Directory, key[..2], key + _extension);
    }

    /// <summary>The entry's value, or default when there is none or it fails a check (then it is logged and counted in <see cref="Invalid"/>).</summary>
    public T? TryRead<T>(string key, PayloadReader<T> read)
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
            return default;
        }

        var value = default(T);
        var problem = Check(bytes, key) ?? read(bytes.AsSpan(MagicBytes + KeyBytes, bytes.Length - MagicBytes - KeyBytes - ChecksumBytes), out value);
        if (problem is not null)
        {
            Interlocked.Increment(ref _invalid);
            _logger.LogWarning("{Kind} entry {Path} is {Problem}; {OnInvalid}.", Capitalized, path, problem, _onInvalid);
            return default;
        }

        Interlocked.Increment(ref _hits);
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
        }

        return value;
    }

    /// <summary>Writes (or replaces) an entry atomically; <paramref name="writePayload"/> fills exactly <paramref name="payloadLength"/> bytes.</summary>
    public void Write(string key, int payloadLength, Action<Span<byte>> writePayload)
    {
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var body = MagicBytes + KeyBytes + payloadLength;
        var bytes = new byte[body + ChecksumBytes];
        _magic.CopyTo(bytes, 0);
        Convert.FromHexString(key).CopyTo(bytes, MagicBytes);
        writePayload(bytes.AsSpan(MagicBytes + KeyBytes, payloadLength));
        SHA256.HashData(bytes.AsSpan(0, body), bytes.AsSpan(body));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes the least recently used entries until the store is under <see cref="MaxBytes"/>.</summary>
    public void Trim()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var entries = new DirectoryInfo(Directory).EnumerateFiles("*" + _extension, SearchOption.AllDirectories).ToList();
        var total = entries.Sum(entry => entry.Length);
        if (total <= MaxBytes)
        {
            return;
        }

        // Down to 90% of the bound, so the next run does not trim again at once.
        var target = MaxBytes / 10 * 9;
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

        _logger.LogInformation("{Kind} {Directory} trimmed to {Bytes} bytes (bound {MaxBytes}).", Capitalized, Directory, total, MaxBytes);
    }

    private string Capitalized => char.ToUpperInvariant(_kind[0]) + _kind[1..];

    private string? Check(byte[] bytes, string key)
    {
        if (bytes.Length < MagicBytes + KeyBytes + ChecksumBytes || !bytes.AsSpan(0, MagicBytes).SequenceEqual(_magic))
        {
            return $"not a {_kind} entry (truncated or wrong magic)";
        }

        var body = bytes.Length - ChecksumBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
        {
            return "corrupt (its checksum does not match)";
        }

        return bytes.AsSpan(MagicBytes, KeyBytes).SequenceEqual(Convert.FromHexString(key)) ? null : "stored under another key";
    }
}
