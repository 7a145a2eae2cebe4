using System.Text.Json;

namespace Mmoe.Models;

/// <summary>
/// Checks every field of a deserialised <c>manifest.json</c> before anything uses it, so a hand-edited or corrupt
/// manifest fails at load with a message naming the file and the field, not later with a null reference or an
/// overflow deep inside loading.
/// </summary>
internal static class ManifestValidator
{
    private const int MaxIdCharacters = 200;

    public static void Validate(ModelManifest manifest, string source)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (string.IsNullOrWhiteSpace(manifest.Id) || manifest.Id.Length > MaxIdCharacters || manifest.Id.Any(char.IsControl))
        {
            throw Field(source, "id", $"must be a non-empty name of at most {MaxIdCharacters} printable characters");
        }

        if (manifest.Featurizer is not { } featurizer)
        {
            throw Field(source, "featurizer", "is missing; it records the featurizer's name, dimension and configuration");
        }

        if (string.IsNullOrWhiteSpace(featurizer.Name))
        {
            throw Field(source, "featurizer.name", "is missing or empty");
        }

        if (featurizer.Dimension <= 0)
        {
            throw Field(source, "featurizer.dimension", $"is {featurizer.Dimension}; it must be a positive number of features");
        }

        if (featurizer.Configuration is null)
        {
            throw Field(source, "featurizer.configuration", "is missing");
        }

        if (manifest.Labels is not { Count: 2 } labels || labels.Any(string.IsNullOrWhiteSpace))
        {
            throw Field(source, "labels", "must list two class names, negative first");
        }

        if (manifest.Heads is null || manifest.Heads.Any(head => head is null))
        {
            throw Field(source, "heads", $"must list the weight columns [{string.Join(", ", ModelHeads.All)}]");
        }

        if (!double.IsFinite(manifest.DecisionThreshold) || manifest.DecisionThreshold is <= 0 or >= 1)
        {
            throw Field(source, "decisionThreshold", $"is {manifest.DecisionThreshold}; it must be a probability strictly between 0 and 1");
        }

        if (manifest.Training is null)
        {
            throw Field(source, "training", "is missing");
        }

        if (manifest.Metrics is null)
        {
            throw Field(source, "metrics", "is missing");
        }

        if (manifest.Files is null || manifest.Files.Count == 0)
        {
            throw Field(source, "files", $"is missing or empty; it lists {ModelFolder.WeightsFileName} with its size and SHA-256");
        }

        for (var i = 0; i < manifest.Files.Count; i++)
        {
            var file = manifest.Files[i];
            if (file is null)
            {
                throw Field(source, $"files[{i}]", "is null");
            }

            if (string.IsNullOrWhiteSpace(file.Path) || file.Path.Contains('/') || file.Path.Contains('\\') || file.Path.StartsWith('.'))
            {
                throw Field(source, $"files[{i}].path", $"'{file.Path}' is not a plain file name");
            }

            if (file.Bytes < 0)
            {
                throw Field(source, $"files[{i}].bytes", $"is {file.Bytes}; a size cannot be negative");
            }

            if (file.Sha256 is not { Length: 64 } sha || !sha.All(char.IsAsciiHexDigit))
            {
                throw Field(source, $"files[{i}].sha256", "must be 64 hexadecimal digits");
            }
        }
    }

    /// <summary>What a <see cref="JsonException"/> from reading the manifest says, with the field it happened at (the exception's own message ends in reader positions).</summary>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var conversion = exception.InnerException is FormatException or InvalidOperationException or OverflowException
            || exception.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
        var at = exception.Path is { Length: > 0 } path ? $" at {path}" : "";
        if (conversion)
        {
            return $"the value{at} has the wrong type or is out of range";
        }

        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        cut = cut < 0 ? message.IndexOf(" LineNumber:", StringComparison.Ordinal) : cut;
        var reason = (cut < 0 ? message : message[..cut]).TrimEnd(' ', '.', '|');
        return exception.LineNumber is { } line ? $"{reason}{at} (line {line + 1})" : reason + at;
    }

    private static InvalidDataException Field(string source, string field, string problem) =>
        new($"{source}: {ModelFolder.ManifestFileName}: field '{field}' {problem}. Fix the field, or rerun 'mmoe train' to rewrite the folder.");
}
