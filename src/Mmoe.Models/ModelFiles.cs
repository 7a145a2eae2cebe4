using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Mmoe.Models;

/// <summary>
/// Size and SHA-256 records of files a model holds or references, computed by streaming. Files of 64 MiB and more
/// (GGUFs: gigabytes) are remembered per process by path, size and modification time, so loading one GGUF twice
/// hashes it once; smaller files are hashed every time (a copy can keep the size and modification time).
/// </summary>
public static class ModelFiles
{
    private const long RememberedBytes = 64L << 20;

    private static readonly ConcurrentDictionary<(string Path, long Bytes, DateTime Modified), string> Hashes = new();

    /// <summary>The file's record under its file name: name, size and lower-case hex SHA-256.</summary>
    public static async Task<ManifestFile> DescribeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var info = new FileInfo(Path.GetFullPath(path));
        if (!info.Exists)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        var remember = info.Length >= RememberedBytes;
        if (!remember || !Hashes.TryGetValue(key, out var hash))
        {
            await using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            if (remember)
            {
                Hashes[key] = hash;
            }
        }

        return new ManifestFile(info.Name, info.Length, hash);
    }

    /// <summary>
    /// Checks that every listed file is a plain name inside <paramref name="directory"/> with the recorded size and
    /// SHA-256; <paramref name="source"/> names the folder in errors.
    /// </summary>
    public static async Task VerifyAsync(string directory, IEnumerable<ManifestFile> files, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var entry in files)
        {
            if (entry.Path.Contains('/') || entry.Path.Contains('\\') || entry.Path.StartsWith('.'))
            {
                throw new InvalidDataException($"{source}: {ModelFolder.ManifestFileName} lists '{entry.Path}', which is not a plain file name.");
            }

            var path = Path.Combine(directory, entry.Path);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{source} is missing {entry.Path}, which its manifest lists. Copy the whole model folder.");
            }

            var actual = await DescribeAsync(path, cancellationToken).ConfigureAwait(false);
            if (actual.Bytes != entry.Bytes || !string.Equals(actual.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"{source}: {entry.Path} ({actual.Bytes} bytes, SHA-256 {actual.Sha256}) does not match its manifest ({entry.Bytes} bytes, SHA-256 {entry.Sha256}); the file is corrupt or from another model. Copy the folder again.");
            }
        }
    }
}
