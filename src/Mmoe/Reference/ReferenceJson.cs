using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>
/// Field readers shared by every file format: each failure is a <see cref="ReferenceFormatException"/> naming the file,
/// the record or line, and the field.
/// </summary>
internal static class ReferenceJson
{
    public static async Task<JsonDocument> ParseFileAsync(string path, CancellationToken cancellationToken)
    {
        EnsureExists(path);
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new ReferenceFormatException(path, JsonLocation(ex), "not valid JSON: " + FirstSentence(ex.Message), ex);
        }
    }

    /// <summary>Every non-blank line of a JSON Lines file, parsed, with its 1-based line number.</summary>
    public static async IAsyncEnumerable<(int Line, JsonElement Record)> Lines(
        string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureExists(path);
        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement record;
            try
            {
                using var document = JsonDocument.Parse(line);
                record = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new ReferenceFormatException(path, $"line {lineNumber}", "not valid JSON: " + FirstSentence(ex.Message), ex);
            }

            if (record.ValueKind != JsonValueKind.Object)
            {
                throw new ReferenceFormatException(path, $"line {lineNumber}", $"expected a JSON object, found {record.ValueKind}.");
            }

            yield return (lineNumber, record);
        }
    }

    /// <summary>The records of a file keyed by id: <c>{"id": {...}, ...}</c>.</summary>
    public static IEnumerable<(string Id, JsonElement Record)> ObjectRecords(string path, JsonDocument document)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ReferenceFormatException(path, "top level", $"expected a JSON object keyed by id, found {document.RootElement.ValueKind}.");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                throw new ReferenceFormatException(path, RecordLocation(property.Name), $"expected an object, found {property.Value.ValueKind}.");
            }

            yield return (property.Name, property.Value);
        }
    }

    /// <summary>Labels arrive as true/false in some files and 1/0 in others.</summary>
    public static bool Binary(string path, string location, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number when value.TryGetInt32(out var number) && number is 0 or 1: return number == 1;
            default:
                throw new ReferenceFormatException(path, location, $"'{name}' must be true/false or 1/0, found {value.GetRawText()}.");
        }
    }

    public static bool RequiredBinary(string path, string location, JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Binary(path, location, name, value)
            : throw new ReferenceFormatException(path, location, $"missing '{name}'.");

    public static string RequiredString(string path, string location, JsonElement record, string name) =>
        OptionalString(path, location, record, name)
        ?? throw new ReferenceFormatException(path, location, $"missing '{name}'.");

    public static string? OptionalString(string path, string location, JsonElement record, string name)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ReferenceFormatException(path, location, $"'{name}' must be a string, found {value.ValueKind}.");
    }

    public static List<string> OptionalStringArray(string path, string location, JsonElement record, string name)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ReferenceFormatException(path, location, $"'{name}' must be an array of strings, found {value.ValueKind}.");
        }

        return value.EnumerateArray()
            .Select((item, i) => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new ReferenceFormatException(path, location, $"'{name}[{i}]' must be a string, found {item.ValueKind}."))
            .ToList();
    }

    public static double RequiredNumber(string path, string location, JsonElement record, string name) =>
        OptionalNumber(path, location, record, name)
        ?? throw new ReferenceFormatException(path, location, $"missing '{name}'.");

    public static double? OptionalNumber(string path, string location, JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? Number(path, location, name, value) : null;

    public static double Number(string path, string location, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw new ReferenceFormatException(path, location, $"'{name}' must be a finite number, found {value.GetRawText()}.");
    }

    public static void EnsureExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Reference file not found: {path}", path);
        }
    }

    public static string RecordLocation(string id) => $"record '{id}'";

    private static string JsonLocation(JsonException ex) =>
        ex.LineNumber is { } line ? $"line {line + 1}, byte {ex.BytePositionInLine + 1}" : "unknown position";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
