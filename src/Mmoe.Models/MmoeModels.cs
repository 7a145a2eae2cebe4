using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.Features;
using Mmoe.Models.Backends;

namespace Mmoe.Models;

/// <summary>
/// The one place to load an MMoE model. A null folder means the default model embedded in this assembly (trained on
/// MMSD2.0's tweets by <c>mmoe train</c>, reading the text only; see the README), so a fresh clone or a copied app detects with no download.
/// </summary>
public static class MmoeModels
{
    /// <summary>Shown in errors and logs for the embedded model.</summary>
    public const string EmbeddedSource = "the embedded default model";

    /// <summary>
    /// Pass as the model folder to load the embedded n-gram model (<c>mmoe-mmsd-ngram</c>, MMSD2.0, hashed n-grams only):
    /// no native library and no encoder, about 34,000 posts/s on one core, where the default (MiniLM + n-grams) needs
    /// the MiniLM backend and judges about two orders of magnitude fewer posts per second.
    /// </summary>
    public const string EmbeddedNgramModel = "embedded:mmsd-ngram";

    private const string ResourcePrefix = "Mmoe.Models.Default.";
    private const string NgramResourcePrefix = "Mmoe.Models.MmsdNgram.";

    /// <summary>Loads a detector: the model in <paramref name="modelDirectory"/>, or the embedded default when it is null or empty.</summary>
    public static Task<IMmoeDetector> LoadAsync(
        string? modelDirectory, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        LoadAsync(modelDirectory, new MmoeLoadOptions { LoggerFactory = loggerFactory }, cancellationToken);

    /// <summary>
    /// Loads a detector whose featurizer <paramref name="featurizers"/> builds from the manifest's record of it (for
    /// featurizers with their own model files, such as onnx-clip); null rebuilds the built-in hashed n-grams.
    /// </summary>
    public static Task<IMmoeDetector> LoadAsync(
        string? modelDirectory, Func<ManifestFeaturizer, IPostFeaturizer>? featurizers, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        LoadAsync(modelDirectory, new MmoeLoadOptions { Featurizers = featurizers, LoggerFactory = loggerFactory }, cancellationToken);

    /// <summary>
    /// The one loader for every kind of model folder: its manifest says what it is. <c>mmoe-model</c> folders are linear
    /// heads over a featurizer (hashed n-grams built in; others, such as Qwen2 hidden states or onnx-clip, from the
    /// backend that provides them); other formats (LoRA experts) are loaded whole by their backend. Backends are found
    /// among the application's assemblies (<see cref="MmoeBackendAttribute"/>), so naming the folder is enough.
    /// Dispose the detector when it is <see cref="IDisposable"/> (native backends hold native memory).
    /// </summary>
    public static async Task<IMmoeDetector> LoadAsync(string? modelDirectory, MmoeLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = options.LoggerFactory?.CreateLogger<ManagedMmoeDetector>();
        if (!string.IsNullOrWhiteSpace(modelDirectory) && await ReadManifestObjectAsync(modelDirectory, cancellationToken).ConfigureAwait(false) is { } raw
            && raw["format"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && raw["format"]!.GetValue<string>() is var format && format != ModelManifest.FormatName)
        {
            var context = new ModelLoadContext(Path.GetFullPath(modelDirectory), raw, options);
            var backend = MmoeBackends.ForFormat(format, options)
                ?? throw new InvalidDataException(
                    $"{context.Source} holds a model of format '{format}', which no backend in this application loads ({Hint(format)}).");
            var loaded = await backend.LoadDetectorAsync(context, cancellationToken).ConfigureAwait(false);
            logger?.LogInformation("Loaded MMoE model {ModelId} {ModelVersion} ({Format}) from a model folder.", loaded.Model.Id, loaded.Model.Version, format);
            return loaded;
        }

        var model = await LoadModelAsync(modelDirectory, options, cancellationToken).ConfigureAwait(false);
        logger?.LogInformation("Loaded MMoE model {ModelId} {ModelVersion} from {Source}.", model.Info.Id, model.Info.Version,
            string.IsNullOrWhiteSpace(modelDirectory) ? EmbeddedSource : modelDirectory == EmbeddedNgramModel ? EmbeddedNgramModel : "a model folder");
        return new ManagedMmoeDetector(model, logger, ownsFeaturizer: true);
    }

    /// <summary>Loads the model itself (for evaluation and benchmarks); null or empty means the embedded default.</summary>
    public static Task<LinearMmoeModel> LoadModelAsync(string? modelDirectory, CancellationToken cancellationToken = default) =>
        LoadModelAsync(modelDirectory, new MmoeLoadOptions(), cancellationToken);

    /// <summary>Loads the model with the featurizer <paramref name="featurizers"/> builds from its manifest (see <see cref="LoadAsync(string?, Func{ManifestFeaturizer, IPostFeaturizer}?, ILoggerFactory?, CancellationToken)"/>).</summary>
    public static Task<LinearMmoeModel> LoadModelAsync(
        string? modelDirectory, Func<ManifestFeaturizer, IPostFeaturizer>? featurizers, CancellationToken cancellationToken = default) =>
        LoadModelAsync(modelDirectory, new MmoeLoadOptions { Featurizers = featurizers }, cancellationToken);

    /// <summary>
    /// Loads an <c>mmoe-model</c> folder as a <see cref="LinearMmoeModel"/>, its featurizer built by
    /// <see cref="MmoeLoadOptions.Featurizers"/> or by the backend that provides it. The caller disposes the model's
    /// featurizer when it is <see cref="IDisposable"/>.
    /// </summary>
    public static async Task<LinearMmoeModel> LoadModelAsync(string? modelDirectory, MmoeLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(modelDirectory) || modelDirectory == EmbeddedNgramModel)
        {
            var (source, prefix) = string.IsNullOrWhiteSpace(modelDirectory)
                ? (EmbeddedSource, ResourcePrefix)
                : ($"the embedded model '{EmbeddedNgramModel}'", NgramResourcePrefix);
            var (embeddedManifest, embeddedTensors) = await ModelFolder.ReadAsync(source, name => ReadEmbeddedAsync(prefix + name)).ConfigureAwait(false);
            var embeddedFeaturizer = await FeaturizerAsync(null, embeddedManifest, options, cancellationToken).ConfigureAwait(false);
            try
            {
                return new LinearMmoeModel(embeddedManifest, embeddedTensors, source, embeddedFeaturizer);
            }
            catch
            {
                (embeddedFeaturizer as IDisposable)?.Dispose();
                throw;
            }
        }

        var (manifest, tensors) = await ModelFolder.ReadAsync(modelDirectory, cancellationToken).ConfigureAwait(false);
        var featurizer = await FeaturizerAsync(modelDirectory, manifest, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return new LinearMmoeModel(manifest, tensors, $"model folder '{modelDirectory}'", featurizer);
        }
        catch
        {
            (featurizer as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Exceptions that featurizers throw for a configuration they cannot read (a wrong type, an out-of-range setting).</summary>
    internal static bool IsConfigurationError(Exception exception) =>
        exception is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException;

    internal static InvalidDataException BadFeaturizerConfiguration(string source, string name, Exception exception)
    {
        var detail = exception is JsonException json ? ManifestValidator.Describe(json) : exception.Message;
        return new InvalidDataException($"{source}: {ModelFolder.ManifestFileName}: field 'featurizer.configuration' is not a valid '{name}' configuration: {detail}", exception);
    }

    private static async Task<IPostFeaturizer?> FeaturizerAsync(string? directory, ModelManifest manifest, MmoeLoadOptions options, CancellationToken cancellationToken)
    {
        var recorded = manifest.Featurizer;
        if (recorded.Name == HashedNgramFeaturizer.FeaturizerName && options.Featurizers is null)
        {
            // The model rebuilds hashed n-grams from its manifest itself.
            return null;
        }

        var raw = System.Text.Json.JsonSerializer.SerializeToNode(manifest, ModelJson.Options)!.AsObject();
        var context = new ModelLoadContext(directory is null ? null : Path.GetFullPath(directory), raw, options);
        return await BuildFeaturizerAsync(recorded, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The featurizer a manifest records: the caller's (<see cref="MmoeLoadOptions.Featurizers"/>) first; hashed n-grams
    /// built in; a concatenation part by part, each part as if it stood alone; anything else by the backend that names it.
    /// </summary>
    private static async Task<IPostFeaturizer> BuildFeaturizerAsync(ManifestFeaturizer recorded, ModelLoadContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Options.Featurizers?.Invoke(recorded) is { } built)
            {
                return built;
            }
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            throw BadFeaturizerConfiguration(context.Source, recorded.Name, ex);
        }

        if (recorded.Name == HashedNgramFeaturizer.FeaturizerName)
        {
            return ReadConfiguration(recorded, context, HashedNgramFeaturizer.FromConfiguration);
        }

        if (recorded.Name == ConcatenatedFeaturizer.FeaturizerName)
        {
            return await ConcatenationAsync(ReadConfiguration(recorded, context, ConcatenatedFeaturizer.ReadParts), context, cancellationToken).ConfigureAwait(false);
        }

        var backend = MmoeBackends.ForFeaturizer(recorded.Name, context.Options)
            ?? throw new InvalidDataException(
                $"{context.Source}: the model reads featurizer '{recorded.Name}', which no backend in this application builds ({Hint(recorded.Name)}).");
        return await backend.CreateFeaturizerAsync(recorded, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a featurizer configuration, naming the model and the manifest field when it is not valid.</summary>
    private static T ReadConfiguration<T>(ManifestFeaturizer recorded, ModelLoadContext context, Func<System.Text.Json.Nodes.JsonObject, T> read)
    {
        try
        {
            return read(recorded.Configuration);
        }
        catch (Exception ex) when (ex is not InvalidDataException && IsConfigurationError(ex))
        {
            throw BadFeaturizerConfiguration(context.Source, recorded.Name, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{context.Source}: {ModelFolder.ManifestFileName}: field 'featurizer.configuration': {ex.Message}", ex);
        }
    }

    private static async Task<IPostFeaturizer> ConcatenationAsync(
        IReadOnlyList<(string Name, int Dimension, System.Text.Json.Nodes.JsonObject Configuration)> recordedParts, ModelLoadContext context, CancellationToken cancellationToken)
    {
        var parts = new List<IPostFeaturizer>();
        try
        {
            foreach (var (name, dimension, configuration) in recordedParts)
            {
                var part = await BuildFeaturizerAsync(new ManifestFeaturizer(name, dimension, configuration), context, cancellationToken).ConfigureAwait(false);
                parts.Add(part);
                if (part.Dimension != dimension)
                {
                    throw new InvalidDataException(
                        $"{context.Source}: the manifest says its '{name}' features have {dimension} dimensions but that featurizer gives {part.Dimension}.");
                }
            }

            return new ConcatenatedFeaturizer(parts);
        }
        catch
        {
            foreach (var part in parts)
            {
                (part as IDisposable)?.Dispose();
            }

            throw;
        }
    }

    private static string Hint(string kind) => kind switch
    {
        "onnx-clip" => "reference the Mmoe.Onnx package",
        "minilm" => "reference the Mmoe.MiniLM package, or load the native-free n-gram model: " + EmbeddedNgramModel,
        _ when kind.StartsWith("qwen", StringComparison.Ordinal) || kind.Contains("lora", StringComparison.Ordinal) => "reference the Mmoe.LlamaSharp package",
        _ => "reference the package that provides it",
    };

    /// <summary>The folder's manifest as JSON, or null when it is missing or unreadable (the model-folder reader then says why).</summary>
    private static async Task<System.Text.Json.Nodes.JsonObject?> ReadManifestObjectAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, ModelFolder.ManifestFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return System.Text.Json.Nodes.JsonNode.Parse(bytes) as System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadEmbeddedAsync(string resourceName)
    {
        await using var stream = typeof(MmoeModels).Assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes).ConfigureAwait(false);
        return bytes;
    }
}
