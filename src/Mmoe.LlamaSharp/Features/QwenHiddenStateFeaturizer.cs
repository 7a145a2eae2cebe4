using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Features;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.Models;

namespace Mmoe.LlamaSharp.Features;

/// <summary>
/// Qwen2 hidden states as MMoE features (<see cref="IPostFeaturizer"/> named <c>qwen2-hidden</c>): one forward pass of
/// the plain model per post over the dataset's reference prompt, with the caption where the reference shows the
/// image, batched with the shared prompt prefix decoded once; the feature vector is the last token's final hidden
/// state or the mean over every token (<see cref="HiddenStatePooling"/>). The configuration records the GGUF by file
/// name, size and SHA-256, the prompt template and the pooling, so a model is only ever read with the same features.
/// Thread-safe; dispose it to free the native model.
/// </summary>
public sealed class QwenHiddenStateFeaturizer : IPostFeaturizer, IDisposable
{
    public const string FeaturizerName = "qwen2-hidden";

    /// <summary>Bumped whenever the same configuration would give other vectors.</summary>
    public const int AlgorithmVersion = 1;

    private readonly LlamaSharpMmoeOptions _options;
    private readonly QwenModel _model;
    private readonly ContextPool _pool;
    private long _postsDecoded;

    private QwenHiddenStateFeaturizer(LlamaSharpMmoeOptions options, QwenModel model, ManifestFile gguf, HiddenStatePooling pooling, string? promptName)
    {
        _options = options;
        _model = model;
        _pool = model.CreatePool(embeddings: true);
        Gguf = gguf;
        Pooling = pooling;
        Dimension = model.EmbeddingSize;
        Blocks = [new FeatureBlock("qwen2_hidden_state", FeatureModality.Cross, 0, Dimension)];
        var prompt = new JsonObject
        {
            ["template"] = options.Prompt.Template,
            ["contextTurn"] = options.Prompt.ContextTurn,
            ["contextSeparator"] = options.Prompt.ContextSeparator,
        };
        if (promptName is not null)
        {
            prompt["name"] = promptName;
        }

        Configuration = new JsonObject
        {
            ["algorithmVersion"] = AlgorithmVersion,
            ["gguf"] = new JsonObject { ["path"] = gguf.Path, ["bytes"] = gguf.Bytes, ["sha256"] = gguf.Sha256 },
            ["prompt"] = prompt,
            ["pooling"] = pooling.ToString().ToLowerInvariant(),
            ["maxPromptTokens"] = options.MaxPromptTokens,
            ["hiddenSize"] = Dimension,
        };
    }

    public string Name => FeaturizerName;

    public int Dimension { get; }

    public IReadOnlyList<FeatureBlock> Blocks { get; }

    public JsonObject Configuration { get; }

    /// <summary>The GGUF these features come from, as the manifest records it.</summary>
    public ManifestFile Gguf { get; }

    public HiddenStatePooling Pooling { get; }

    /// <summary>Posts run through the model so far (each one forward pass): what a feature cache saves.</summary>
    public long PostsDecoded => Interlocked.Read(ref _postsDecoded);

    /// <summary>
    /// Loads the GGUF at <see cref="LlamaSharpMmoeOptions.ModelPath"/> (validated as Qwen2, then hashed).
    /// <paramref name="promptName"/> is recorded beside the template (e.g. <c>mustard</c>).
    /// </summary>
    public static async Task<QwenHiddenStateFeaturizer> CreateAsync(
        LlamaSharpMmoeOptions options, HiddenStatePooling pooling = HiddenStatePooling.Last, string? promptName = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var gguf = await ModelFiles.DescribeAsync(options.ModelPath, cancellationToken).ConfigureAwait(false);
        var model = QwenModel.Load(options, logger ?? NullLogger.Instance);
        try
        {
            return new QwenHiddenStateFeaturizer(options, model, gguf, pooling, promptName);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The featurizer a manifest records, on the GGUF at <paramref name="ggufPath"/> (already checked against the
    /// record by the caller; see <see cref="Models.GgufLocator"/>). <paramref name="runtime"/> sets how it runs (threads,
    /// GPU layers, batch sizes); the prompt, pooling and prompt length come from the configuration.
    /// </summary>
    public static Task<QwenHiddenStateFeaturizer> FromConfigurationAsync(
        JsonObject configuration, string ggufPath, LlamaSharpMmoeOptions? runtime = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var version = configuration["algorithmVersion"]?.GetValue<int>()
            ?? throw new InvalidDataException($"The {FeaturizerName} featurizer configuration has no 'algorithmVersion'.");
        if (version != AlgorithmVersion)
        {
            throw new InvalidDataException(
                $"The model was trained with {FeaturizerName} algorithm version {version}; this build computes version {AlgorithmVersion}. Retrain the model with this build.");
        }

        var prompt = configuration["prompt"] as JsonObject
            ?? throw new InvalidDataException($"The {FeaturizerName} featurizer configuration has no 'prompt'.");
        var pooling = ReadPooling(configuration["pooling"]?.GetValue<string>());
        var options = runtime is null ? new LlamaSharpMmoeOptions() : Copy(runtime);
        options.ModelPath = ggufPath;
        options.Prompt = new PromptTemplate(
            prompt["template"]?.GetValue<string>() ?? throw new InvalidDataException($"The {FeaturizerName} prompt has no 'template'."),
            prompt["contextTurn"]?.GetValue<string>() ?? "{speaker}: {text}",
            prompt["contextSeparator"]?.GetValue<string>() ?? " ");
        options.MaxPromptTokens = configuration["maxPromptTokens"]?.GetValue<int>() ?? options.MaxPromptTokens;
        return CreateAsync(options, pooling, prompt["name"]?.GetValue<string>(), logger, cancellationToken);
    }

    /// <summary><c>last</c> or <c>mean</c>.</summary>
    public static HiddenStatePooling ReadPooling(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "last" => HiddenStatePooling.Last,
        "mean" => HiddenStatePooling.Mean,
        _ => throw new ArgumentException($"Unknown pooling '{name}': use last or mean."),
    };

    public async Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default) =>
        (await FeaturizeBatchAsync([post], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        if (posts.Count == 0)
        {
            return [];
        }

        var prompts = new int[posts.Count][];
        for (var i = 0; i < posts.Count; i++)
        {
            var post = posts[i] ?? throw new ArgumentException($"Post {i} is null.", nameof(posts));
            prompts[i] = _model.Tokenize(_options.Prompt.Render(post));
        }

        var dimension = Dimension;
        var mean = Pooling == HiddenStatePooling.Mean;
        var vectors = await _pool.RunAsync(context =>
        {
            var sums = new double[posts.Count][];
            var counts = new int[posts.Count];
            context.Run(prompts, (index, row) =>
            {
                var sum = sums[index] ??= new double[dimension];
                for (var d = 0; d < dimension; d++)
                {
                    sum[d] += row[d];
                }

                counts[index]++;
            }, cancellationToken, allPositions: mean);
            Interlocked.Add(ref _postsDecoded, posts.Count);
            return sums.Select((sum, i) => Dense(sum, counts[i])).ToArray();
        }, cancellationToken).ConfigureAwait(false);
        return vectors;
    }

    private static FeatureVector Dense(double[] sum, int count)
    {
        var values = new float[sum.Length];
        for (var d = 0; d < values.Length; d++)
        {
            values[d] = (float)(sum[d] / count);
        }

        return new FeatureVector(values.Length, Enumerable.Range(0, values.Length).ToArray(), values);
    }

    private static LlamaSharpMmoeOptions Copy(LlamaSharpMmoeOptions runtime) => new()
    {
        ModelPath = runtime.ModelPath,
        GpuLayerCount = runtime.GpuLayerCount,
        FlashAttention = runtime.FlashAttention,
        KvCacheType = runtime.KvCacheType,
        ContextSize = runtime.ContextSize,
        BatchSize = runtime.BatchSize,
        MaxPostsPerBatch = runtime.MaxPostsPerBatch,
        ContextPoolSize = runtime.ContextPoolSize,
        Threads = runtime.Threads,
        NativeLibraryPath = runtime.NativeLibraryPath,
        NativeMtmdLibraryPath = runtime.NativeMtmdLibraryPath,
        MaxPromptTokens = runtime.MaxPromptTokens,
    };

    public void Dispose()
    {
        _pool.Dispose();
        _model.Dispose();
    }
}
