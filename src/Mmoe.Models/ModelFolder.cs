using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mmoe.Models;

/// <summary>
/// Reads and writes model folders: <c>manifest.json</c> plus the weight files it lists. Reading checks every file's
/// presence, size and SHA-256 before parsing, so a missing, truncated or swapped file fails with a clear message.
/// </summary>
public static class ModelFolder
{
    public const string ManifestFileName = "manifest.json";

    public const string WeightsFileName = "weights.bin";

    /// <summary>Writes the weights and a manifest that lists them (the manifest's own file list is replaced).</summary>
    public static async Task<ModelManifest> WriteAsync(
        string directory, ModelManifest manifest, IReadOnlyList<NamedTensor> tensors, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(directory);
        var weights = TensorFile.Write(tensors);
        await File.WriteAllBytesAsync(Path.Combine(directory, WeightsFileName), weights, cancellationToken).ConfigureAwait(false);
        var complete = manifest with { Files = [new ManifestFile(WeightsFileName, weights.Length, Sha256(weights))] };
        var json = JsonSerializer.Serialize(complete, ModelJson.Options) + "\n";
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFileName), json, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return complete;
    }

    /// <summary>Reads and verifies a model folder on disk.</summary>
    public static async Task<(ModelManifest Manifest, IReadOnlyList<NamedTensor> Tensors)> ReadAsync(
        string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model folder '{directory}' does not exist. Pass a folder written by 'mmoe train', or omit the model to use the embedded default.");
        }

        async Task<byte[]?> ReadFile(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }

        return await ReadAsync($"model folder '{directory}'", ReadFile).ConfigureAwait(false);
    }

    /// <summary>Reads and verifies a model from any store; <paramref name="readFile"/> returns null for a missing file.</summary>
    internal static async Task<(ModelManifest Manifest, IReadOnlyList<NamedTensor> Tensors)> ReadAsync(
        string source, Func<string, Task<byte[]?>> readFile)
    {
        var manifestBytes = await readFile(ManifestFileName).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"{source} has no {ManifestFileName}. A model folder holds {ManifestFileName} and the weight files it lists; rerun 'mmoe train' to write one.");
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(manifestBytes, ModelJson.Options)
                ?? throw new InvalidDataException($"{source}: {ManifestFileName} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ManifestFileName} is not a valid model manifest ({ManifestValidator.Describe(ex)}). Rerun 'mmoe train' to rewrite the folder.", ex);
        }

        if (manifest.Format != ModelManifest.FormatName)
        {
            throw new InvalidDataException($"{source}: {ManifestFileName} describes format '{manifest.Format}', not '{ModelManifest.FormatName}'.");
        }

        if (manifest.FormatVersion != ModelManifest.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"{source} has model format version {manifest.FormatVersion}; this build reads version {ModelManifest.CurrentFormatVersion}. Retrain the model with this build.");
        }

        ManifestValidator.Validate(manifest, source);
        var weightsEntry = manifest.Files.FirstOrDefault(file => file.Path == WeightsFileName)
            ?? throw new InvalidDataException($"{source}: {ManifestFileName} does not list {WeightsFileName}.");
        IReadOnlyList<NamedTensor>? tensors = null;
        foreach (var entry in manifest.Files)
        {
            if (entry.Path.Contains('/') || entry.Path.Contains('\\') || entry.Path.StartsWith('.'))
            {
                throw new InvalidDataException($"{source}: {ManifestFileName} lists '{entry.Path}', which is not a plain file name.");
            }

            var bytes = await readFile(entry.Path).ConfigureAwait(false)
                ?? throw new FileNotFoundException($"{source} is missing {entry.Path}, which its manifest lists. Copy the whole model folder, or rerun 'mmoe train'.");
            if (bytes.LongLength != entry.Bytes)
            {
                var how = bytes.LongLength < entry.Bytes ? "truncated" : "longer than recorded";
                throw new InvalidDataException($"{source}: {entry.Path} is {how} ({bytes.LongLength} bytes; the manifest records {entry.Bytes}). Copy the folder again, or rerun 'mmoe train'.");
            }

            if (!string.Equals(Sha256(bytes), entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{source}: {entry.Path} does not match the SHA-256 in its manifest (the file is corrupt or from another model). Copy the folder again, or rerun 'mmoe train'.");
            }

            if (entry == weightsEntry)
            {
                tensors = TensorFile.Read(bytes, $"{source}: {entry.Path}");
            }
        }

        return (manifest, tensors!);
    }

    internal static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
