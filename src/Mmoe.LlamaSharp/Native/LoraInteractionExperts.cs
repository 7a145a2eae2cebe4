using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// The reference design on llama.cpp: each interaction expert (and the baseline) is a LoRA adapter answering
/// yes/no, the router an adapter answering 1/2/3 (R/U/S). Posts are decoded in batches under one adapter at a
/// time, so the KV cache is emptied only when the adapter changes.
/// </summary>
public sealed class LoraInteractionExperts : IInteractionExperts, IDisposable
{
    private readonly LlamaSharpMmoeOptions _options;
    private readonly QwenModel _model;
    private readonly ContextPool _pool;
    private readonly IReadOnlyList<(string Role, LoraAdapter Adapter)> _adapters;

    private LoraInteractionExperts(LlamaSharpMmoeOptions options, QwenModel model, IReadOnlyList<(string, LoraAdapter)> adapters)
    {
        _options = options;
        _model = model;
        _adapters = adapters;
        _pool = model.CreatePool(embeddings: false);
        Model = new ModelInfo(model.ModelId, "llamasharp-lora");
    }

    public ModelInfo Model { get; }

    /// <summary>Loads and checks the model and every adapter; fails with an error naming the file (and tensor) on any mismatch.</summary>
    public static LoraInteractionExperts Create(LlamaSharpMmoeOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateExperts();
        var model = QwenModel.Load(options, logger ?? NullLogger.Instance);
        try
        {
            var adapters = options.Adapters!.All().Select(entry => (entry.Role, model.LoadAdapter(entry.Path))).ToList();
            return new LoraInteractionExperts(options, model, adapters);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<ExpertScores>> ScoreAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        if (posts.Count == 0)
        {
            return [];
        }

        var expertPrompts = posts.Select(post => _model.Tokenize(_options.Prompt.Render(post))).ToList();
        var routerPrompts = _options.RouterPrompt is { } routerTemplate
            ? posts.Select(post => _model.Tokenize(routerTemplate.Render(post))).ToList()
            : expertPrompts;
        var answers = _model.Answers;

        var outputs = await _pool.RunAsync(context =>
        {
            var byRole = new Dictionary<string, double[][]>(StringComparer.Ordinal);
            foreach (var (role, adapter) in _adapters)
            {
                var isRouter = role == "router";
                int[] ids = isRouter ? [answers.Redundancy, answers.Uniqueness, answers.Synergy] : [answers.No, answers.Yes];
                var rows = new double[posts.Count][];
                context.UseAdapter(adapter, _options.AdapterScale);
                context.Run(isRouter ? routerPrompts : expertPrompts, (index, row) => rows[index] = Pick(row, ids), cancellationToken);
                byRole[role] = rows;
            }

            return byRole;
        }, cancellationToken).ConfigureAwait(false);

        return [.. Enumerable.Range(0, posts.Count).Select(i => new ExpertScores
        {
            Redundancy = Binary(outputs["redundancy"][i]),
            Uniqueness = Binary(outputs["uniqueness"][i]),
            Synergy = Binary(outputs["synergy"][i]),
            Baseline = outputs.TryGetValue("baseline", out var baseline) ? Binary(baseline[i]) : null,
            Router = new InteractionScores(outputs["router"][i][0], outputs["router"][i][1], outputs["router"][i][2]),
        })];
    }

    private static double[] Pick(ReadOnlySpan<float> logits, int[] ids)
    {
        var picked = new double[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            picked[i] = logits[ids[i]];
        }

        return picked;
    }

    private static BinaryLogits Binary(double[] logits) => new(logits[0], logits[1]);

    public void Dispose()
    {
        _pool.Dispose();
        _model.Dispose();
    }
}
