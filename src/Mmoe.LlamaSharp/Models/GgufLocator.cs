using Mmoe.Models;

namespace Mmoe.LlamaSharp.Models;

/// <summary>
/// Finds the GGUF a model folder references by file name, size and SHA-256, and refuses any other. Looks, in order,
/// at the path the caller gives (a file, or a folder holding the recorded file name), at <c>$MMOE_GGUF</c> (the same),
/// then beside the model: inside the model folder and in the folder that holds it.
/// </summary>
public static class GgufLocator
{
    /// <summary>Environment variable naming the GGUF (or its folder) when no path is given.</summary>
    public const string Variable = "MMOE_GGUF";

    public static async Task<string> ResolveAsync(
        ManifestFile recorded, string? modelDirectory, string? givenPath, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var candidates = new List<(string Path, string Origin)>();
        void Add(string? path, string origin)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return;
            }

            var full = Path.GetFullPath(path);
            candidates.Add((Directory.Exists(full) ? Path.Combine(full, recorded.Path) : full, origin));
        }

        Add(givenPath, "the given GGUF path");
        Add(Environment.GetEnvironmentVariable(Variable), Variable);
        if (modelDirectory is not null)
        {
            Add(Path.Combine(modelDirectory, recorded.Path), "the model folder");
            if (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory))) is { } parent)
            {
                Add(Path.Combine(parent, recorded.Path), "the folder holding the model");
            }
        }

        foreach (var (path, origin) in candidates)
        {
            if (!File.Exists(path))
            {
                if (origin != "the model folder" && origin != "the folder holding the model")
                {
                    // A path the user named must be right: do not silently fall back to another GGUF.
                    throw new FileNotFoundException($"{source} needs the GGUF '{recorded.Path}', but {origin} '{path}' does not exist.", path);
                }

                continue;
            }

            var actual = await ModelFiles.DescribeAsync(path, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual.Sha256, recorded.Sha256, StringComparison.OrdinalIgnoreCase) || actual.Bytes != recorded.Bytes)
            {
                throw new InvalidDataException(
                    $"The GGUF '{path}' (from {origin}; {actual.Bytes} bytes, SHA-256 {actual.Sha256}) is not the one {source} was trained on: '{recorded.Path}' ({recorded.Bytes} bytes, SHA-256 {recorded.Sha256}). Give that GGUF with --gguf or {Variable}, or put it beside the model folder.");
            }

            return path;
        }

        throw new FileNotFoundException(
            $"{source} needs the GGUF '{recorded.Path}' ({recorded.Bytes} bytes, SHA-256 {recorded.Sha256}); it is not in the model folder or beside it. Give it with --gguf (GgufPath) or {Variable}.");
    }
}
