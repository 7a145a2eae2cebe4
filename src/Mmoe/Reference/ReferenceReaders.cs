using System.Text.Json;

namespace Mmoe.Reference;

/// <summary>
/// Readers for the file formats the MMoE reference releases. Every reader fails with a
/// <see cref="ReferenceFormatException"/> naming the file, the line or record, and the problem.
/// </summary>
public static class ReferenceReaders
{
    /// <summary>
    /// Reads a dataset file (<c>data_raw/&lt;dataset&gt;_dataset_&lt;split&gt;.json</c> or a split file, id → record) in
    /// <paramref name="format"/>, or, when null, in the format its first record fits.
    /// </summary>
    public static async Task<IReadOnlyList<ReferenceExample>> ReadDatasetAsync(
        string path, DatasetFormat? format = null, CancellationToken cancellationToken = default) =>
        (await ReadDatasetFileAsync(path, format, cancellationToken).ConfigureAwait(false)).Examples;

    /// <summary>As <see cref="ReadDatasetAsync"/>, also saying which format was read (null for an empty file read without one).</summary>
    public static async Task<(DatasetFormat? Format, IReadOnlyList<ReferenceExample> Examples)> ReadDatasetFileAsync(
        string path, DatasetFormat? format = null, CancellationToken cancellationToken = default)
    {
        using var document = await ReferenceJson.ParseFileAsync(path, cancellationToken).ConfigureAwait(false);
        var examples = new List<ReferenceExample>();
        foreach (var (id, record) in ReferenceJson.ObjectRecords(path, document))
        {
            var location = ReferenceJson.RecordLocation(id);
            format ??= DatasetFormat.Detect(path, location, record);
            examples.Add(format.Read(path, location, id, record));
        }

        return (format, examples);
    }

    /// <summary>
    /// Reads a unimodal prediction file: the reference's JSON (id → {logits: {Yes, No}, pred, gth?}) or, for a
    /// <c>.jsonl</c> file, one <c>{"id", "pred", "yes"?}</c> per line.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, UnimodalPrediction>> ReadUnimodalPredictionsAsync(
        string path, CancellationToken cancellationToken = default)
    {
        var predictions = new Dictionary<string, UnimodalPrediction>(StringComparer.Ordinal);
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
            {
                var location = $"line {line}";
                var id = ReferenceJson.RequiredString(path, location, record, "id");
                var yes = ReferenceJson.OptionalNumber(path, location, record, "yes");
                var prediction = new UnimodalPrediction(id, ReferenceJson.RequiredBinary(path, location, record, "pred"), yes, yes is { } p ? 1 - p : null);
                if (!predictions.TryAdd(id, prediction))
                {
                    throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time.");
                }
            }

            return predictions;
        }

        using var document = await ReferenceJson.ParseFileAsync(path, cancellationToken).ConfigureAwait(false);
        foreach (var (id, record) in ReferenceJson.ObjectRecords(path, document))
        {
            var location = ReferenceJson.RecordLocation(id);
            if (!record.TryGetProperty("pred", out var pred))
            {
                throw new ReferenceFormatException(path, location, "missing 'pred' (the unimodal predicted label).");
            }

            double? yes = null, no = null;
            if (record.TryGetProperty("logits", out var logits) && logits.ValueKind == JsonValueKind.Object)
            {
                yes = ReferenceJson.OptionalNumber(path, location, logits, "Yes");
                no = ReferenceJson.OptionalNumber(path, location, logits, "No");
            }

            predictions[id] = new UnimodalPrediction(id, ReferenceJson.Binary(path, location, "pred", pred), yes, no);
        }

        return predictions;
    }

    /// <summary>Reads the ids of a split file (<c>data_split_output/...json</c>: id → example), in file order.</summary>
    public static async Task<IReadOnlyList<string>> ReadSplitIdsAsync(string path, CancellationToken cancellationToken = default)
    {
        using var document = await ReferenceJson.ParseFileAsync(path, cancellationToken).ConfigureAwait(false);
        return ReferenceJson.ObjectRecords(path, document).Select(record => record.Id).ToList();
    }

    /// <summary>
    /// Reads an expert logits file: one <c>{"image_id", "logits": [no, yes], "target"}</c> per line (other fields are
    /// ignored). A repeated id keeps its last line, as the reference's dictionary does, and must keep its target.
    /// </summary>
    public static async Task<ExpertLogitsFile> ReadExpertLogitsAsync(string path, CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<string, (int Order, int Line, ExpertLogitsRecord Record)>(StringComparer.Ordinal);
        var repeated = new List<string>();
        var extra = 0;
        await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var id = ReferenceJson.RequiredString(path, location, record, "image_id");
            if (!record.TryGetProperty("logits", out var logits) || logits.ValueKind != JsonValueKind.Array || logits.GetArrayLength() < 2)
            {
                throw new ReferenceFormatException(path, location, "'logits' must be an array of two numbers [no, yes].");
            }

            if (logits.GetArrayLength() > 2)
            {
                extra++;
            }

            if (!record.TryGetProperty("target", out var target))
            {
                throw new ReferenceFormatException(path, location, "missing 'target'.");
            }

            var value = new ExpertLogitsRecord(
                id,
                new BinaryLogits(
                    ReferenceJson.Number(path, location, "logits[0]", logits[0]),
                    ReferenceJson.Number(path, location, "logits[1]", logits[1])),
                ReferenceJson.Binary(path, location, "target", target));
            if (records.TryGetValue(id, out var earlier))
            {
                if (earlier.Record.Target != value.Target)
                {
                    throw new ReferenceFormatException(path, location,
                        $"id '{id}' appears a second time with target {value.Target}; line {earlier.Line} says {earlier.Record.Target}.");
                }

                if (!repeated.Contains(id, StringComparer.Ordinal))
                {
                    repeated.Add(id);
                }

                records[id] = (earlier.Order, line, value);
            }
            else
            {
                records[id] = (records.Count, line, value);
            }
        }

        return new ExpertLogitsFile(path, records.Values.OrderBy(entry => entry.Order).Select(entry => entry.Record).ToList(), repeated, extra);
    }

    /// <summary>Reads a router (rus) logits file: one <c>{"image_id", "logits": {"R", "U", "AS"}}</c> per line.</summary>
    public static async Task<IReadOnlyDictionary<string, InteractionScores>> ReadRouterLogitsAsync(
        string path, CancellationToken cancellationToken = default)
    {
        var scores = new Dictionary<string, InteractionScores>(StringComparer.Ordinal);
        await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var id = ReferenceJson.RequiredString(path, location, record, "image_id");
            if (!record.TryGetProperty("logits", out var logits) || logits.ValueKind != JsonValueKind.Object)
            {
                throw new ReferenceFormatException(path, location, "'logits' must be an object {\"R\", \"U\", \"AS\"}.");
            }

            var value = new InteractionScores(
                ReferenceJson.RequiredNumber(path, location, logits, "R"),
                ReferenceJson.RequiredNumber(path, location, logits, "U"),
                ReferenceJson.RequiredNumber(path, location, logits, "AS"));
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
        await foreach (var (line, record) in ReferenceJson.Lines(path, cancellationToken).ConfigureAwait(false))
        {
            var location = $"line {line}";
            var id = ReferenceJson.RequiredString(path, location, record, "image");
            if (!captions.TryAdd(id, ReferenceJson.RequiredString(path, location, record, "caption")))
            {
                throw new ReferenceFormatException(path, location, $"id '{id}' appears a second time.");
            }
        }

        return captions;
    }
}
