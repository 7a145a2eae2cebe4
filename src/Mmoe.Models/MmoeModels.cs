using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.Features;

namespace Mmoe.Models;

/// <summary>
/// The one place to load an MMoE model. A null folder means the default model embedded in this assembly (trained on
/// MMSD2.0's tweets by <c>mmoe train</c>, reading the text only; see the README), so a fresh clone or a copied app detects with no download.
/// </summary>
public static class MmoeModels
{
    /// <summary>Shown in errors and logs for the embedded model.</summary>
    public const string EmbeddedSource = "the embedded default model";

    private const string ResourcePrefix = "Mmoe.Models.Default.";

    /// <summary>Loads a detector: the model in <paramref name="modelDirectory"/>, or the embedded default when it is null or empty.</summary>
    public static Task<IMmoeDetector> LoadAsync(
        string? modelDirectory, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        LoadAsync(modelDirectory, null, loggerFactory, cancellationToken);

    /// <summary>
    /// Loads a detector whose featurizer <paramref name="featurizers"/> builds from the manifest's record of it (for
    /// featurizers with their own model files, such as onnx-clip); null rebuilds the built-in hashed n-grams.
    /// </summary>
    public static async Task<IMmoeDetector> LoadAsync(
        string? modelDirectory, Func<ManifestFeaturizer, IPostFeaturizer>? featurizers, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var model = await LoadModelAsync(modelDirectory, featurizers, cancellationToken).ConfigureAwait(false);
        var logger = loggerFactory?.CreateLogger<ManagedMmoeDetector>();
        logger?.LogInformation("Loaded MMoE model {ModelId} {ModelVersion} from {Source}.", model.Info.Id, model.Info.Version,
            string.IsNullOrWhiteSpace(modelDirectory) ? EmbeddedSource : "a model folder");
        return new ManagedMmoeDetector(model, logger);
    }

    /// <summary>Loads the model itself (for evaluation and benchmarks); null or empty means the embedded default.</summary>
    public static Task<LinearMmoeModel> LoadModelAsync(string? modelDirectory, CancellationToken cancellationToken = default) =>
        LoadModelAsync(modelDirectory, null, cancellationToken);

    /// <summary>Loads the model with the featurizer <paramref name="featurizers"/> builds from its manifest (see <see cref="LoadAsync(string?, Func{ManifestFeaturizer, IPostFeaturizer}?, ILoggerFactory?, CancellationToken)"/>).</summary>
    public static async Task<LinearMmoeModel> LoadModelAsync(
        string? modelDirectory, Func<ManifestFeaturizer, IPostFeaturizer>? featurizers, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(modelDirectory))
        {
            var (defaultManifest, defaultTensors) = await ModelFolder.ReadAsync(EmbeddedSource, ReadEmbeddedAsync).ConfigureAwait(false);
            return new LinearMmoeModel(defaultManifest, defaultTensors, EmbeddedSource, featurizers?.Invoke(defaultManifest.Featurizer));
        }

        var (manifest, tensors) = await ModelFolder.ReadAsync(modelDirectory, cancellationToken).ConfigureAwait(false);
        return new LinearMmoeModel(manifest, tensors, $"model folder '{modelDirectory}'", featurizers?.Invoke(manifest.Featurizer));
    }

    private static async Task<byte[]?> ReadEmbeddedAsync(string fileName)
    {
        await using var stream = typeof(MmoeModels).Assembly.GetManifestResourceStream(ResourcePrefix + fileName);
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes).ConfigureAwait(false);
        return bytes;
    }
}
