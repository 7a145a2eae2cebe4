using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mmoe.Captions;
using Mmoe.Interactions;
using Mmoe.Reference;

namespace Mmoe.Models.Evaluation;

/// <summary>
/// A labeled dataset ready for training and evaluation, from the MMoE reference layout (MUStARD, MMSD2.0, URFunny, or
/// any dataset laid out the same way) or from a user's folder of JSON Lines files: the train, val and test splits as
/// posts sorted by id, the interaction subsets of each split where the data can tell them, and the files the data
/// lacks, each named once.
/// </summary>
public sealed record ReferenceDataset
{
    public const string TrainFile = "train.jsonl";
    public const string ValidationFile = "val.jsonl";
    public const string TestFile = "test.jsonl";
    public const string ImageOnlyPredictionsFile = "image_only_predictions.jsonl";
    public const string TextOnlyPredictionsFile = "text_only_predictions.jsonl";

    private static readonly string[] SplitNames = ["train", "val", "test"];

    public required string Name { get; init; }

    /// <summary>What the labels mean: sarcasm (MUStARD, MMSD2.0) or humour (URFunny).</summary>
    public required DetectionTask Task { get; init; }

    public required IReadOnlyList<LabeledPost> Train { get; init; }

    public required IReadOnlyList<LabeledPost> Validation { get; init; }

    /// <summary>Empty for a user's dataset without a test file.</summary>
    public required IReadOnlyList<LabeledPost> Test { get; init; }

    /// <summary>The image-only and text-only predictions, or null when either file is absent.</summary>
    public UnimodalPredictionSet? UnimodalPredictions { get; init; }

    /// <summary>
    /// Interaction subsets by split ("train", "val", "test"): from the categorizer when both unimodal prediction files
    /// exist, otherwise from the released split files. A split without either is absent (a model's own judges decide).
    /// </summary>
    public IReadOnlyDictionary<string, ReferenceSubsets> Subsets { get; init; } = new Dictionary<string, ReferenceSubsets>();

    /// <summary>What the data lacks and how loading went on without it, one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>SHA-256 over every item of every split (id, label, texts, caption), so a model records exactly what it saw.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>
    /// Where the posts' captions came from when a captions file replaced the dataset's own (<see cref="WithCaptions"/>):
    /// the file's name and SHA-256 and the captioner that wrote it. Null when the posts carry the dataset's own captions.
    /// </summary>
    public JsonObject? CaptionSource { get; init; }

    /// <summary>
    /// The dataset with every post's caption taken from <paramref name="captions"/>: a post the file has no line for
    /// has no caption, and the dataset's own captions (MUStARD's CogVLM2 descriptions) are not used, so a model never
    /// learns from the captions of two captioners at once. A file that names none of the posts is refused (it belongs
    /// to another dataset); the counts go to <see cref="Notes"/>.
    /// </summary>
    public ReferenceDataset WithCaptions(DatasetCaptions captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var all = Train.Concat(Validation).Concat(Test).Select(item => item.Id).ToHashSet(StringComparer.Ordinal);
        var matched = all.Count(captions.Captions.ContainsKey);
        var who = captions.Captioner is { } captioner ? $"captioner {captioner.Name} {captioner.Key[..12]}" : "no captioner recorded";
        if (matched == 0 && captions.Captions.Count > 0)
        {
            throw new InvalidDataException(
                $"None of the {captions.Captions.Count} captions in {captions.Path} names a post of {Name} (e.g. '{captions.Captions.Keys.First()}'): it was written for another dataset{(captions.Dataset is { } d ? $" ({d})" : "")}.");
        }

        var hadOwn = Train.Concat(Validation).Concat(Test).Count(item => item.Post.Caption is not null);
        var notes = new List<string>(Notes.Where(note => !note.StartsWith("No captions", StringComparison.Ordinal)))
        {
            $"Captions from {Path.GetFileName(captions.Path)} ({who}): {matched} of {all.Count} posts have one; the others have none"
                + (hadOwn > 0 ? $"; the dataset's own captions ({hadOwn} posts) are not used." : "."),
        };
        var unknown = captions.Captions.Keys.Count(id => !all.Contains(id));
        if (unknown > 0)
        {
            notes.Add($"{unknown} captions in {Path.GetFileName(captions.Path)} name posts {Name} does not have (e.g. '{captions.Captions.Keys.First(id => !all.Contains(id))}'); they are ignored.");
        }

        IReadOnlyList<LabeledPost> Caption(IReadOnlyList<LabeledPost> items) =>
            items.Select(item => item with { Post = item.Post with { Caption = captions.Captions.GetValueOrDefault(item.Id) } }).ToList();
        var train = Caption(Train);
        var validation = Caption(Validation);
        var test = Caption(Test);
        return this with
        {
            Train = train,
            Validation = validation,
            Test = test,
            Notes = notes,
            CaptionSource = captions.ToJson(),
            Fingerprint = FingerprintOf(("train", train), ("val", validation), ("test", test)),
        };
    }

    /// <summary>The posts of a split: train, val or test.</summary>
    public IReadOnlyList<LabeledPost> Split(string split) => split switch
    {
        "train" => Train,
        "val" => Validation,
        "test" => Test,
        _ => throw new ArgumentException($"Unknown split '{split}': use train, val or test."),
    };

    public ReferenceSubsets? SubsetsOf(string split) => Subsets.TryGetValue(split, out var subsets) ? subsets : null;

    /// <summary>
    /// Loads <c>&lt;root&gt;/&lt;dataset&gt;</c> in the reference layout. Records are read in the dataset's format
    /// (by name, or detected from the records). A split without its raw file (URFunny's train) is the union of its
    /// released R/U/AS split files.
    /// </summary>
    public static async Task<ReferenceDataset> LoadAsync(string root, string dataset, CancellationToken cancellationToken = default)
    {
        var layout = ReferenceLayout.Open(root, dataset);
        var notes = new List<string>();
        var format = DatasetFormat.ForDataset(dataset);
        IReadOnlyDictionary<string, string> captions = new Dictionary<string, string>();
        if (File.Exists(layout.CaptionsFile))
        {
            captions = await ReferenceReaders.ReadCaptionsAsync(layout.CaptionsFile, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            notes.Add($"No captions ({Relative(layout, layout.CaptionsFile)}): posts carry their text only, so the image judge and the caption features stay silent.");
        }

        var splits = new Dictionary<string, IReadOnlyList<ReferenceExample>>();
        foreach (var split in SplitNames)
        {
            var file = layout.DatasetFile(split);
            if (File.Exists(file))
            {
                var read = await ReferenceReaders.ReadDatasetFileAsync(file, format, cancellationToken).ConfigureAwait(false);
                format ??= read.Format;
                splits[split] = read.Examples;
                continue;
            }

            var union = new Dictionary<string, ReferenceExample>(StringComparer.Ordinal);
            foreach (var type in InteractionTypes.All)
            {
                var splitFile = layout.SplitFile(type, split);
                if (File.Exists(splitFile))
                {
                    var read = await ReferenceReaders.ReadDatasetFileAsync(splitFile, format, cancellationToken).ConfigureAwait(false);
                    format ??= read.Format;
                    foreach (var example in read.Examples)
                    {
                        union[example.Id] = example;
                    }
                }
            }

            if (union.Count == 0)
            {
                throw new FileNotFoundException(
                    $"No {split} split for '{dataset}': neither {file} nor any released split file ({Path.GetFileName(layout.SplitFile(InteractionType.Redundancy, split))} and the like) exists.",
                    file);
            }

            notes.Add($"No {Relative(layout, file)} (the reference did not release it): the {split} split is the union of the released R/U/AS {split} split files ({union.Count} posts).");
            splits[split] = union.Values.ToList();
        }

        var predictions = await UnimodalPredictionSet.TryLoadAsync(layout, cancellationToken).ConfigureAwait(false);
        var missingPredictions = new[] { layout.ImageOnlyPredictionsFile, layout.TextOnlyPredictionsFile }.Where(f => !File.Exists(f)).ToList();
        if (missingPredictions.Count > 0)
        {
            notes.Add($"No {string.Join(" or ", missingPredictions.Select(f => Relative(layout, f)))}: interaction subsets come from the released split files.");
        }

        IReadOnlyList<LabeledPost> Posts(string split) => splits[split]
            .OrderBy(example => example.Id, StringComparer.Ordinal)
            .Select(example => new LabeledPost(example.ToPost(captions.GetValueOrDefault(example.Id)), example.Label))
            .ToList();
        var train = Posts("train");
        var validation = Posts("val");
        var test = Posts("test");
        var subsets = new Dictionary<string, ReferenceSubsets>();
        foreach (var (split, items) in new[] { ("train", train), ("val", validation), ("test", test) })
        {
            if (predictions is not null || InteractionTypes.All.Any(type => File.Exists(layout.SplitFile(type, split))))
            {
                subsets[split] = await ReferenceSubsets.LoadAsync(
                    layout, split, items.Select(item => new LabeledItem(item.Id, item.Label)).ToList(), predictions, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ReferenceDataset
        {
            Name = dataset,
            Task = format?.Task ?? DetectionTask.Sarcasm,
            Train = train,
            Validation = validation,
            Test = test,
            UnimodalPredictions = predictions,
            Subsets = subsets,
            Notes = notes,
            Fingerprint = FingerprintOf(("train", train), ("val", validation), ("test", test)),
        };
    }

    /// <summary>
    /// Loads a user's dataset folder: <c>train.jsonl</c> and <c>val.jsonl</c> (and <c>test.jsonl</c>, optional) in the
    /// <see cref="PostsJsonl"/> format with "id" and "label" on every line, and optionally both
    /// <c>image_only_predictions.jsonl</c> and <c>text_only_predictions.jsonl</c> (<c>{"id", "pred"}</c> per line), which
    /// then sort the posts into interaction subsets as the reference's do.
    /// </summary>
    public static async Task<ReferenceDataset> LoadUserAsync(string folder, DetectionTask task, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Dataset folder not found: {folder} (expected {TrainFile}, {ValidationFile}, optionally {TestFile}).");
        }

        var notes = new List<string>();
        async Task<IReadOnlyList<LabeledPost>> Split(string file, bool required)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                if (required)
                {
                    throw new FileNotFoundException($"The dataset folder {folder} has no {file} (one {{\"id\", \"text\", \"label\", ...}} per line).", path);
                }

                notes.Add($"No {file}: there is no test split to report.");
                return [];
            }

            return (await PostsJsonl.ReadExamplesAsync(path, cancellationToken).ConfigureAwait(false))
                .OrderBy(example => example.Id, StringComparer.Ordinal)
                .Select(example => new LabeledPost(example.ToPost(), example.Label))
                .ToList();
        }

        var train = await Split(TrainFile, required: true).ConfigureAwait(false);
        var validation = await Split(ValidationFile, required: true).ConfigureAwait(false);
        var test = await Split(TestFile, required: false).ConfigureAwait(false);

        UnimodalPredictionSet? predictions = null;
        var imageFile = Path.Combine(folder, ImageOnlyPredictionsFile);
        var textFile = Path.Combine(folder, TextOnlyPredictionsFile);
        if (File.Exists(imageFile) && File.Exists(textFile))
        {
            predictions = new UnimodalPredictionSet(
                await ReferenceReaders.ReadUnimodalPredictionsAsync(imageFile, cancellationToken).ConfigureAwait(false),
                await ReferenceReaders.ReadUnimodalPredictionsAsync(textFile, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            notes.Add($"No {ImageOnlyPredictionsFile} and {TextOnlyPredictionsFile} (both are needed): interaction subsets come from the model's own text and caption judges.");
        }

        var subsets = new Dictionary<string, ReferenceSubsets>();
        if (predictions is not null)
        {
            foreach (var (split, items) in new[] { ("train", train), ("val", validation), ("test", test) })
            {
                subsets[split] = ReferenceSubsets.FromCategorizer(
                    items.Select(item => new LabeledItem(item.Id, item.Label)).ToList(),
                    predictions.ImageOnly,
                    predictions.TextOnly,
                    new Dictionary<InteractionType, IReadOnlyList<string>>());
            }
        }

        return new ReferenceDataset
        {
            Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
            Task = task,
            Train = train,
            Validation = validation,
            Test = test,
            UnimodalPredictions = predictions,
            Subsets = subsets,
            Notes = notes,
            Fingerprint = FingerprintOf(("train", train), ("val", validation), ("test", test)),
        };
    }

    internal static string FingerprintOf(params (string Split, IReadOnlyList<LabeledPost> Items)[] splits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (split, items) in splits)
        {
            foreach (var item in items)
            {
                var post = item.Post;
                var line = string.Join('\u001f',
                    split, post.Id, item.Label ? "1" : "0", post.Speaker, post.Text,
                    string.Join('\u001e', post.Context.Select(turn => turn.Speaker + ":" + turn.Text)), post.Caption) + "\n";
                hash.AppendData(Encoding.UTF8.GetBytes(line));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Relative(ReferenceLayout layout, string file) =>
        Path.Combine(layout.Dataset, Path.GetRelativePath(layout.DatasetDirectory, file));
}
