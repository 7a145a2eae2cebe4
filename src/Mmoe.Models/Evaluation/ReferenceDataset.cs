using System.Security.Cryptography;
using System.Text;
using Mmoe.Reference;

namespace Mmoe.Models.Evaluation;

/// <summary>
/// A dataset in the MMoE reference layout, ready for training and evaluation: the train, val and test splits as posts
/// (utterance, speaker, dialogue context and the CogVLM2 caption of the scene), sorted by id, and the released unimodal
/// predictions when both files are present.
/// </summary>
public sealed record ReferenceDataset
{
    public required string Name { get; init; }

    public required ReferenceLayout Layout { get; init; }

    public required IReadOnlyList<LabeledPost> Train { get; init; }

    public required IReadOnlyList<LabeledPost> Validation { get; init; }

    public required IReadOnlyList<LabeledPost> Test { get; init; }

    /// <summary>The released image-only and text-only predictions, or null when either file is absent.</summary>
    public UnimodalPredictionSet? UnimodalPredictions { get; init; }

    /// <summary>SHA-256 over every item of every split (id, label, texts, caption), so a model records exactly what it saw.</summary>
    public required string Fingerprint { get; init; }

    public static async Task<ReferenceDataset> LoadAsync(string root, string dataset, CancellationToken cancellationToken = default)
    {
        var layout = ReferenceLayout.Open(root, dataset);
        var captions = File.Exists(layout.CaptionsFile)
            ? await ReferenceReaders.ReadCaptionsAsync(layout.CaptionsFile, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, string>();
        async Task<IReadOnlyList<LabeledPost>> Split(string split)
        {
            var examples = await ReferenceReaders.ReadDatasetAsync(layout.DatasetFile(split), cancellationToken).ConfigureAwait(false);
            return examples
                .OrderBy(example => example.Id, StringComparer.Ordinal)
                .Select(example => new LabeledPost(example.ToPost(captions.GetValueOrDefault(example.Id)), example.Label))
                .ToList();
        }

        var train = await Split("train").ConfigureAwait(false);
        var validation = await Split("val").ConfigureAwait(false);
        var test = await Split("test").ConfigureAwait(false);
        return new ReferenceDataset
        {
            Name = dataset,
            Layout = layout,
            Train = train,
            Validation = validation,
            Test = test,
            UnimodalPredictions = await UnimodalPredictionSet.TryLoadAsync(layout, cancellationToken).ConfigureAwait(false),
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
}
