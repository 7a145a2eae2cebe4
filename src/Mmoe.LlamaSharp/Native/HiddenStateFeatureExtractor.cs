using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Features;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// The shared backbone: one forward pass of the plain model per post, batched; the feature vector is the
/// final (normed) hidden state at the prompt's last token, the position the LoRA experts read their answer
/// from. A quarter of the LoRA design's compute with four experts, and a fifth with a router adapter too.
/// </summary>
public sealed class HiddenStateFeatureExtractor : IPostFeatureExtractor, IDisposable
{
    private readonly LlamaSharpMmoeOptions _options;
    private readonly QwenModel _model;
    private readonly ContextPool _pool;

    private HiddenStateFeatureExtractor(LlamaSharpMmoeOptions options, QwenModel model)
    {
        _options = options;
        _model = model;
        _pool = model.CreatePool(embeddings: true);
        Model = new ModelInfo(model.ModelId, "llamasharp-shared-backbone");
    }

    public int Dimension => _model.EmbeddingSize;

    public ModelInfo Model { get; }

    public static HiddenStateFeatureExtractor Create(LlamaSharpMmoeOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = QwenModel.Load(options, logger ?? NullLogger.Instance);
        return new HiddenStateFeatureExtractor(options, model);
    }

    public async Task<IReadOnlyList<float[]>> ExtractAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        if (posts.Count == 0)
        {
            return [];
        }

        var prompts = posts.Select(post => _model.Tokenize(_options.Prompt.Render(post))).ToList();
        return await _pool.RunAsync(context =>
        {
            var features = new float[posts.Count][];
            context.Run(prompts, (index, row) => features[index] = row.ToArray(), cancellationToken);
            return features;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _pool.Dispose();
        _model.Dispose();
    }
}
