using Mmoe.Detection;
using Mmoe.Features;

namespace Mmoe.Models;

/// <summary>
/// A trained MMoE model whose heads (unimodal judges, baseline, three interaction experts, router) are linear over
/// one shared feature vector. Scoring reads only the vector's non-zero entries, so hashed sparse features cost
/// nine multiply-adds each. Immutable, so thread-safe.
/// </summary>
public sealed class LinearMmoeModel
{
    /// <summary>Tensor holding the weights, shape [dimension, heads], row-major (one row per feature).</summary>
    public const string WeightTensor = "heads.weight";

    /// <summary>Tensor holding the biases, shape [heads].</summary>
    public const string BiasTensor = "heads.bias";

    private static readonly int TextOnlyColumn = ModelHeads.IndexOf(ModelHeads.TextOnly);
    private static readonly int ImageOnlyColumn = ModelHeads.IndexOf(ModelHeads.ImageOnly);
    private static readonly int BaselineColumn = ModelHeads.IndexOf(ModelHeads.Baseline);
    private static readonly int RedundancyColumn = ModelHeads.IndexOf(ModelHeads.Redundancy);
    private static readonly int UniquenessColumn = ModelHeads.IndexOf(ModelHeads.Uniqueness);
    private static readonly int SynergyColumn = ModelHeads.IndexOf(ModelHeads.Synergy);
    private static readonly int RouterColumn = ModelHeads.IndexOf(ModelHeads.RouterRedundancy);

    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int _heads;

    // featurizer: the one the manifest records, already built (onnx-clip needs its model folder); null rebuilds hashed-ngrams from the manifest.
    internal LinearMmoeModel(ModelManifest manifest, IReadOnlyList<NamedTensor> tensors, string source, IPostFeaturizer? featurizer = null)
    {
        Manifest = manifest;
        if (!manifest.Heads.SequenceEqual(ModelHeads.All))
        {
            throw new InvalidDataException(
                $"{source}: the manifest lists heads [{string.Join(", ", manifest.Heads)}]; this build reads [{string.Join(", ", ModelHeads.All)}].");
        }

        if (featurizer is not null && featurizer.Name != manifest.Featurizer.Name)
        {
            throw new InvalidDataException($"{source}: the model reads featurizer '{manifest.Featurizer.Name}', but '{featurizer.Name}' was given.");
        }

        if (featurizer is null && manifest.Featurizer.Name != HashedNgramFeaturizer.FeaturizerName)
        {
            throw new InvalidDataException(
                $"{source}: the model reads featurizer '{manifest.Featurizer.Name}'; load it with that featurizer (for onnx-clip, pass the CLIP folder: --clip).");
        }

        Featurizer = featurizer ?? FeaturizerFromManifest(manifest, source);
        if (Featurizer.Dimension != manifest.Featurizer.Dimension)
        {
            throw new InvalidDataException(
                $"{source}: the manifest says the features have {manifest.Featurizer.Dimension} dimensions but its featurizer configuration gives {Featurizer.Dimension}.");
        }

        _heads = ModelHeads.Count;
        var weights = Find(tensors, WeightTensor, source);
        var bias = Find(tensors, BiasTensor, source);
        if (weights.Shape is not [var rows, var columns] || rows != Featurizer.Dimension || columns != _heads)
        {
            throw new InvalidDataException(
                $"{source}: '{WeightTensor}' has shape [{string.Join(", ", weights.Shape)}]; the manifest needs [{Featurizer.Dimension}, {_heads}].");
        }

        if (bias.Shape is not [var biasLength] || biasLength != _heads)
        {
            throw new InvalidDataException($"{source}: '{BiasTensor}' has shape [{string.Join(", ", bias.Shape)}]; the manifest needs [{_heads}].");
        }

        if (manifest.DecisionThreshold is not (> 0 and < 1))
        {
            throw new InvalidDataException($"{source}: decisionThreshold {manifest.DecisionThreshold} is not a probability strictly between 0 and 1.");
        }

        if (manifest.Temperature is { } temperature && !(temperature > 0 && double.IsFinite(temperature)))
        {
            throw new InvalidDataException($"{source}: temperature {temperature} is not a positive number.");
        }

        if (manifest.BaselineThreshold is { } baselineThreshold && baselineThreshold is not (> 0 and < 1))
        {
            throw new InvalidDataException($"{source}: baselineThreshold {baselineThreshold} is not a probability strictly between 0 and 1.");
        }

        // Captions are read by hashed n-grams with caption blocks (alone or as part of a concatenation); a featurizer
        // whose blocks are all text (hashed n-grams without captions, MiniLM, both) reads neither caption nor image.
        ReadsCaptions = Leaves(Featurizer).Any(leaf => leaf is HashedNgramFeaturizer hashed
            && hashed.Blocks.Any(block => block.Modality is FeatureModality.Image or FeatureModality.Cross));
        ReadsTextOnly = Featurizer.Blocks.All(block => block.Modality == FeatureModality.Text);
        _weights = weights.Data;
        _bias = bias.Data;
        Info = new ModelInfo(manifest.Id, ShortVersion(manifest)) { Task = manifest.Task };
    }

    public ModelManifest Manifest { get; }

    public IPostFeaturizer Featurizer { get; }

    public ModelInfo Info { get; }

    public double DecisionThreshold => Manifest.DecisionThreshold;

    /// <summary>Temperature of the fused probability (1 when the manifest has none).</summary>
    public double Temperature => Manifest.Temperature ?? 1;

    /// <summary>
    /// True when this model reads a post's image through its caption (hashed n-grams with caption blocks). A model
    /// trained on text alone (e.g. on MMSD2.0, which ships no captions) ignores captions, and its verdicts say so.
    /// </summary>
    public bool ReadsCaptions { get; }

    /// <summary>Every feature block is text: the model reads neither a caption nor an image, and its verdicts say so when one is given.</summary>
    public bool ReadsTextOnly { get; }

    /// <summary>Every head's output for one post's features. The image judge answers only when the post had a caption.</summary>
    public ExpertScores Score(FeatureVector features, bool hasCaption)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Dimension != Featurizer.Dimension)
        {
            throw new ArgumentException($"The features have {features.Dimension} dimensions; the model reads {Featurizer.Dimension}.", nameof(features));
        }

        Span<double> logits = stackalloc double[_heads];
        for (var h = 0; h < _heads; h++)
        {
            logits[h] = _bias[h];
        }

        var indices = features.Indices;
        var values = features.Values;
        var weights = _weights.AsSpan();
        for (var i = 0; i < indices.Length; i++)
        {
            var row = weights.Slice(indices[i] * _heads, _heads);
            double value = values[i];
            for (var h = 0; h < row.Length; h++)
            {
                logits[h] += value * row[h];
            }
        }

        return new ExpertScores
        {
            Redundancy = Binary(logits[RedundancyColumn]),
            Uniqueness = Binary(logits[UniquenessColumn]),
            Synergy = Binary(logits[SynergyColumn]),
            Router = new InteractionScores(logits[RouterColumn], logits[RouterColumn + 1], logits[RouterColumn + 2]),
            Baseline = Binary(logits[BaselineColumn]),
            Unimodal = new UnimodalEvidence(
                Binary(logits[TextOnlyColumn]).PositiveProbability(),
                hasCaption ? Binary(logits[ImageOnlyColumn]).PositiveProbability() : null),
        };
    }

    /// <summary>Scores a post without blocking: featurizes it (encoder featurizers read image files), then runs every head.</summary>
    public async Task<ExpertScores> ScoreAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        var features = Featurizer is HashedNgramFeaturizer hashed
            ? hashed.Featurize(post)
            : await Featurizer.FeaturizeAsync(post, cancellationToken).ConfigureAwait(false);
        return Score(features, HasImageEvidence(post, features));
    }

    /// <summary>Scores a post: featurizes it, then runs every head.</summary>
    public ExpertScores Score(SocialPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        // The hashed featurizer is pure computation; others (ONNX) read image files, so they run through their async API.
        var features = Featurizer is HashedNgramFeaturizer hashed ? hashed.Featurize(post) : Featurizer.FeaturizeAsync(post).GetAwaiter().GetResult();
        return Score(features, HasImageEvidence(post, features));
    }

    /// <summary>The image judge answers when the post has a caption or its features carry image information.</summary>
    private bool HasImageEvidence(SocialPost post, FeatureVector features)
    {
        if (ReadsCaptions && !string.IsNullOrWhiteSpace(post.Caption))
        {
            return true;
        }

        foreach (var block in Featurizer.Blocks)
        {
            if (block.Modality != FeatureModality.Image)
            {
                continue;
            }

            for (var i = 0; i < features.Count; i++)
            {
                if (features.Indices[i] >= block.Start && features.Indices[i] < block.End && features.Values[i] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The verdict for one post, fused the MMoE way by <see cref="MmoeVerdict.Create"/>.</summary>
    public MmoeVerdict Judge(SocialPost post) => Judge(post, Score(post));

    /// <summary>The verdict for a post already scored (see <see cref="ScoreBatchAsync"/>).</summary>
    public MmoeVerdict Judge(SocialPost post, ExpertScores scores)
    {
        ArgumentNullException.ThrowIfNull(post);
        var hasCaption = !string.IsNullOrWhiteSpace(post.Caption);
        return MmoeVerdict.Create(
            scores, Info, hasCaption && ReadsCaptions ? post.Caption : null, post.Id, DecisionThreshold, Temperature, Warnings(post, hasCaption));
    }

    /// <summary>What this model could not read of the post (encoder featurizers with image blocks read the image itself).</summary>
    private IReadOnlyList<string> Warnings(SocialPost post, bool hasCaption)
    {
        if (ReadsTextOnly && (hasCaption || post.Image is not null))
        {
            return [$"The {(hasCaption ? "caption" : "image")} was not used: model {Info.Id} was trained on post text alone, so this verdict reads the text only " +
                    "and has no image-only evidence. For image evidence use a model trained with captions (mmoe train on a dataset with captions) " +
                    "or the Qwen path (a model trained with --featurizer qwen on captioned posts)."];
        }

        if (ReadsCaptions && !hasCaption && post.Image is not null)
        {
            return ["The image was not read: this model sees images through their captions; give a caption (or describe the image with mmoe caption) to use it."];
        }

        return [];
    }

    /// <summary>Scores many posts, featurizing them in one batch (which encoder-based featurizers run much faster).</summary>
    public async Task<IReadOnlyList<ExpertScores>> ScoreBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var features = await Featurizer.FeaturizeBatchAsync(posts, cancellationToken).ConfigureAwait(false);
        return posts.Select((post, i) => Score(features[i], HasImageEvidence(post, features[i]))).ToArray();
    }

    /// <summary>The featurizers doing the work: the parts of concatenations, the inner featurizer of caches.</summary>
    private static IEnumerable<IPostFeaturizer> Leaves(IPostFeaturizer featurizer) => featurizer switch
    {
        ConcatenatedFeaturizer concatenated => concatenated.Parts.SelectMany(Leaves),
        CachingPostFeaturizer cached => Leaves(cached.Inner),
        _ => [featurizer],
    };

    private static BinaryLogits Binary(double positiveLogit) => new(0, positiveLogit);

    private static HashedNgramFeaturizer FeaturizerFromManifest(ModelManifest manifest, string source)
    {
        try
        {
            return HashedNgramFeaturizer.FromConfiguration(manifest.Featurizer.Configuration);
        }
        catch (Exception ex) when (ex is not InvalidDataException && MmoeModels.IsConfigurationError(ex))
        {
            throw MmoeModels.BadFeaturizerConfiguration(source, manifest.Featurizer.Name, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{source}: {ModelFolder.ManifestFileName}: field 'featurizer.configuration': {ex.Message}", ex);
        }
    }

    private static NamedTensor Find(IReadOnlyList<NamedTensor> tensors, string name, string source) =>
        tensors.FirstOrDefault(tensor => tensor.Name == name)
        ?? throw new InvalidDataException($"{source}: the weight file has no tensor '{name}' (it has: {string.Join(", ", tensors.Select(t => t.Name))}).");

    /// <summary>"v&lt;format&gt;+&lt;first 12 hex of the weights' SHA-256&gt;": changes whenever the weights do.</summary>
    private static string ShortVersion(ModelManifest manifest)
    {
        var weights = manifest.Files.First(file => file.Path == ModelFolder.WeightsFileName);
        return $"{manifest.FormatVersion}+{weights.Sha256[..Math.Min(12, weights.Sha256.Length)]}";
    }
}
