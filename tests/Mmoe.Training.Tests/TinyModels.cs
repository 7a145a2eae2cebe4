using System.Text.Json.Nodes;
using Mmoe.Features;
using Mmoe.Models;

namespace Mmoe.Training.Tests;

/// <summary>Small hand-made models (no training) for format and detector tests.</summary>
internal static class TinyModels
{
    public static HashedNgramOptions Featurizer { get; } = new()
    {
        UtteranceWordBits = 8, UtteranceCharBits = 8, ContextWordBits = 6, CaptionWordBits = 6, CaptionCharBits = 8, CrossBits = 6,
    };

    public static (ModelManifest Manifest, IReadOnlyList<NamedTensor> Tensors) Create(int seed = 7)
    {
        var featurizer = new HashedNgramFeaturizer(Featurizer);
        var random = new Random(seed);
        var weights = new float[featurizer.Dimension * ModelHeads.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var bias = Enumerable.Range(0, ModelHeads.Count).Select(i => (float)(i * 0.1)).ToArray();
        var manifest = new ModelManifest
        {
            FormatVersion = ModelManifest.CurrentFormatVersion,
            Id = "tiny-test-model",
            Featurizer = new ManifestFeaturizer(featurizer.Name, featurizer.Dimension, featurizer.Configuration),
            Labels = ["negative", "positive"],
            Heads = ModelHeads.All,
            Seed = seed,
            Training = new JsonObject { ["dataset"] = "none" },
            Metrics = [],
            Files = [],
        };
        return (manifest, [
            new NamedTensor(LinearMmoeModel.WeightTensor, [featurizer.Dimension, ModelHeads.Count], weights),
            new NamedTensor(LinearMmoeModel.BiasTensor, [ModelHeads.Count], bias),
        ]);
    }

    public static async Task<string> WriteAsync(DirectoryInfo directory, int seed = 7)
    {
        var (manifest, tensors) = Create(seed);
        await ModelFolder.WriteAsync(directory.FullName, manifest, tensors);
        return directory.FullName;
    }
}
