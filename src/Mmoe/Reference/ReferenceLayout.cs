namespace Mmoe.Reference;

/// <summary>
/// Where the MMoE reference keeps each file for one dataset. The dataset folder is
/// <c>&lt;root&gt;/&lt;dataset&gt;</c> or, as in the reference repository, <c>&lt;root&gt;/&lt;dataset&gt;_data</c>.
/// </summary>
public sealed class ReferenceLayout
{
    private ReferenceLayout(string datasetDirectory, string dataset)
    {
        DatasetDirectory = datasetDirectory;
        Dataset = dataset;
    }

    public string Dataset { get; }

    public string DatasetDirectory { get; }

    public static ReferenceLayout Open(string root, string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Reference data root not found: {root}");
        }

        foreach (var candidate in new[] { Path.Combine(root, dataset), Path.Combine(root, dataset + "_data") })
        {
            if (Directory.Exists(candidate))
            {
                return new ReferenceLayout(Path.GetFullPath(candidate), dataset);
            }
        }

        var known = Directory.EnumerateDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        throw new DirectoryNotFoundException(
            $"No folder for dataset '{dataset}' under {root} (looked for '{dataset}' and '{dataset}_data'; found: {string.Join(", ", known)}).");
    }

    public string DatasetFile(string split) => Path.Combine(DatasetDirectory, "data_raw", $"{Dataset}_dataset_{split}.json");

    public string CaptionsFile => Path.Combine(DatasetDirectory, "data_raw", "image_captions_cogvlm2.jsonl");

    public string ImageOnlyPredictionsFile => Path.Combine(DatasetDirectory, "data_gen_output", $"{Dataset}_image_only_pred_cogvlm2.json");

    public string TextOnlyPredictionsFile => Path.Combine(DatasetDirectory, "data_gen_output", $"{Dataset}_text_only_pred_qwen2.json");

    public string SplitFile(InteractionType type, string split) =>
        Path.Combine(DatasetDirectory, "data_split_output", $"{Dataset}_{type.ReferenceCode()}_dataset_{split}_cogvlm2_qwen2.json");

    public string ExpertDirectory(string model) => Path.Combine(DatasetDirectory, "expert_inference_output", $"expert_{model}");

    /// <summary>An expert's logits file; <paramref name="expert"/> is R, U, AS or baseline.</summary>
    public string ExpertLogitsFile(string model, string expert) => Path.Combine(ExpertDirectory(model), $"{Dataset}_{expert}_logits.jsonl");

    public string RouterLogitsFile(string model) => ExpertLogitsFile(model, "rus");

    /// <summary>The models that have an <c>expert_&lt;model&gt;</c> folder.</summary>
    public IReadOnlyList<string> Models()
    {
        var directory = Path.Combine(DatasetDirectory, "expert_inference_output");
        return Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory, "expert_*")
                .Select(path => Path.GetFileName(path)["expert_".Length..])
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }
}
