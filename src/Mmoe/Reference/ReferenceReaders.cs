using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>
/// Readers for the file formats the MMoE reference releases. Every reader fails with a
/// <see cref="ReferenceFormatException"/> naming the file, the line or record, and the problem.
/// </summary>
public static class ReferenceReaders
{
    /// <summary>Keys that hold an item's label in the reference datasets (MUStARD says "sarcasm").</summary>
    private static readonly string[] LabelKeys = ["sarcasm", "label", "humor", "funny"];

    /// <summary>Reads <c>data_raw/&lt;dataset&gt;_dataset_&lt;split&gt;.json</c>: id → {utterance, speaker, context[], context_speakers[], show, sarcasm}.</summary>
    public static async Task<IReadOnlyList<ReferenceExample>> ReadDatasetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var document = await ParseJsonFileAsync(path, cancellationToken).ConfigureAwait(false);
        var examples = new List<ReferenceExample>();
        foreach (var (id, record) in ObjectRecords(path, document))
        {
            var location = RecordLocation(id);
            var contextLines = OptionalStringArray(path, location, record, "context");
            var contextSpeakers = OptionalStringArray(path, location, record, "context_speakers");
            if (contextSpeakers.Count != 0 && contextSpeakers.Count != contextLines.Count)
            {
                throw new ReferenceFormatException(path, location,
                    $"'context' has {contextLines.Count} turns but 'context_speakers' has {contextSpeakers.Count}.");
            }

            examples.Add(new ReferenceExample
            {
                Id = id,
                Utterance = RequiredString(path, location, record, "utterance"),
                Speaker = OptionalString(path, location, record, "speaker"),
                Context = contextLines
                    .Select((text, i) => new DialogueTurn(contextSpeakers.Count == 0 ? null : contextSpeakers[i], text))
                    .ToList(),
                Show = OptionalString(path, location, record, "show"),
                Label = ReadLabel(path, location, record),
            });
        }

        return examples;
    }

    /// <summary>Reads a unimodal prediction file: id → {logits: {Yes, No}, pred, gth?}.</summary>
    public static async Task<IReadOnlyDictionary<string, UnimodalPrediction>> ReadUnimodalPredictionsAsync(
        string path, CancellationToken cancellationToken = default)
    {
        using var document = await ParseJsonFileAsync(path, cancellationToken).ConfigureAwait(false);
        var predictions = new Dictionary<string, UnimodalPrediction>(StringComparer.Ordinal);
        foreach (var (id, record) in ObjectRecords(path, document))
        {
            var location = RecordLocation(id);
            if (!record.TryGetProperty("pred", out var pred))
            {
                throw new ReferenceFormatException(path, location, "missing 'pred' (the unimodal predicted label).");
            }

            double? yes = null, no = null;
            if (record.TryGetProperty("logits", out var logits) && logits.ValueKind == JsonValueKind.Object)
            {
                yes = OptionalNumber(path, location, logits, "Yes");
                no = OptionalNumber(path, location, logits, "No");
            }

            predictions[id] = new UnimodalPrediction(id, ReadBinary(path, location, "pred", pred), yes, no);
        }

        return predictions;
    }

    /// <summary>Reads the ids of a split file (<c>data_split_output/...json</c>: id → example), in file order.</summary>
    public static async Task<IReadOnlyList<string>> ReadSplitIdsAsync(string path, CancellationToken cancellationToken = default)
    {
        using var document = await ParseJsonFileAsync(path, cancellationToken).ConfigureAwait(false);
        return ObjectRecords(path, document).Select(record => record.Id).ToList();
    }

    /// <summary>Reads an expert logits file: one <c>{"image_id", "logits": [no, yes], "target"}</c> per line.</summary>
    public static async Task<IReadOnlyList<ExpertLogitsRecord>> ReadExpertLogitsAsync(string path, CancellationToken cancellationToken = default)
    {
        var records = new List<ExpertLogitsRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (line, record) in JsonLines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var id = RequiredString(path, location, record, "image_id");
            if (!seen.Add(id))
            {
                throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time.");
            }

            if (!record.TryGetProperty("logits", out var logits) || logits.ValueKind != JsonValueKind.Array || logits.GetArrayLength() != 2)
            {
                throw new ReferenceFormatException(path, location, "'logits' must be an array of two numbers [no, yes].");
            }

            if (!record.TryGetProperty("target", out var target))
            {
                throw new ReferenceFormatException(path, location, "missing 'target'.");
            }

            records.Add(new ExpertLogitsRecord(
                id,
                new BinaryLogits(Number(path, location, "logits[0]", logits[0]), Number(path, location, "logits[1]", logits[1])),
                ReadBinary(path, location, "target", target)));
        }

        return records;
    }

    /// <summary>Reads a router (rus) logits file: one <c>{"image_id", "logits": {"R", "U", "AS"}}</c> per line.</summary>
    public static async Task<IReadOnlyDictionary<string, InteractionScores>> ReadRouterLogitsAsync(
        string path, CancellationToken cancellationToken = default)
    {
        var scores = new Dictionary<string, InteractionScores>(StringComparer.Ordinal);
        await foreach (var (line, record) in JsonLines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var id = RequiredString(path, location, record, "image_id");
            if (!record.TryGetProperty("logits", out var logits) || logits.ValueKind != JsonValueKind.Object)
            {
                throw new ReferenceFormatException(path, location, "'logits' must be an object {\"R\", \"U\", \"AS\"}.");
            }

            var value = new InteractionScores(
                RequiredNumber(path, location, logits, "R"),
                RequiredNumber(path, location, logits, "U"),
                RequiredNumber(path, location, logits, "AS"));
            if (!scores.TryAdd(id, value))
            {
                throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time.");
            }
        }

        return scores;
    }

    /// <summary>Reads a caption file: one <c>{"image", "caption"}</c> per line.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadCaptionsAsync(string path, CancellationToken cancellationToken = default)
    {
        var captions = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var (line, record) in JsonLines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var id = RequiredString(path, location, record, "image");
            if (!captions.TryAdd(id, RequiredString(path, location, record, "caption")))
            {
                throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time.");
            }
        }

        return captions;
    }

    private static async Task<JsonDocument> ParseJsonFileAsync(string path, CancellationToken cancellationToken)
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

    private static async IAsyncEnumerable<(int Line, JsonElement Record)> JsonLines(
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

    private static IEnumerable<(string Id, JsonElement Record)> ObjectRecords(string path, JsonDocument document)
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

    private static bool ReadLabel(string path, string location, JsonElement record)
    {
        foreach (var key in LabelKeys)
        {
            if (record.TryGetProperty(key, out var value))
            {
                return ReadBinary(path, location, key, value);
            }
        }

        throw new ReferenceFormatException(path, location, $"no label: expected one of {string.Join(", ", LabelKeys.Select(k => $"'{k}'"))}.");
    }

    /// <summary>Labels arrive as true/false in some files and 1/0 in others.</summary>
    private static bool ReadBinary(string path, string location, string name, JsonElement value)
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

    private static string RequiredString(string path, string location, JsonElement record, string name) =>
        OptionalString(path, location, record, name)
        ?? throw new ReferenceFormatException(path, location, $"missing '{name}'.");

    private static string? OptionalString(string path, string location, JsonElement record, string name)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ReferenceFormatException(path, location, $"'{name}' must be a string, found {value.ValueKind}.");
    }

    private static List<string> OptionalStringArray(string path, string location, JsonElement record, string name)
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

    private static double RequiredNumber(string path, string location, JsonElement record, string name) =>
        OptionalNumber(path, location, record, name)
        ?? throw new ReferenceFormatException(path, location, $"missing '{name}'.");

    private static double? OptionalNumber(string path, string location, JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? Number(path, location, name, value) : null;

    private static double Number(string path, string location, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw new ReferenceFormatException(path, location, $"'{name}' must be a finite number, found {value.GetRawText()}.");
    }

    private static void EnsureExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Reference file not found: {path}", path);
        }
    }

    private static string RecordLocation(string id) => $"record '{id}'";

    private static string JsonLocation(JsonException ex) =>
        ex.LineNumber is { } line ? $"line {line + 1}, byte {ex.BytePositionInLine + 1}" : "unknown position";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
