using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Mmoe.Features;
using Mmoe.LlamaSharp;
using Mmoe.LlamaSharp.Features;
using Mmoe.LlamaSharp.Models;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.Models;
using Mmoe.MiniLM;
using Mmoe.Models.Backends;
using Mmoe.Onnx;

namespace Mmoe.Cli.Featurizers;

/// <summary>
/// The one place the command line turns a featurizer name into a featurizer: for training (<see cref="Create"/>) and
/// for a trained model's manifest (<see cref="FromManifest"/>).
/// </summary>
internal static class FeaturizerFactory
{
    public static IReadOnlyList<string> Names { get; } =
        [HashedNgramFeaturizer.FeaturizerName, MiniLmFeaturizer.FeaturizerName, NgramsAndMiniLm, OnnxClipFeaturizer.FeaturizerName, QwenHiddenStateFeaturizer.FeaturizerName];

    /// <summary>Hashed n-grams and MiniLM embeddings side by side (a <see cref="ConcatenatedFeaturizer"/>): what the default model reads.</summary>
    public const string NgramsAndMiniLm = HashedNgramFeaturizer.FeaturizerName + "+" + MiniLmFeaturizer.FeaturizerName;

    /// <summary>Short name accepted for <see cref="QwenHiddenStateFeaturizer.FeaturizerName"/>.</summary>
    public const string QwenAlias = "qwen";

    public static string? Canonical(string? name) => name == QwenAlias ? QwenHiddenStateFeaturizer.FeaturizerName : name;

    /// <summary>
    /// The Qwen2 hidden-state featurizer to train with, on <see cref="FeaturizerSelection.GgufPath"/>, reading the
    /// prompt of <paramref name="dataset"/> unless --prompt names another.
    /// </summary>
    public static async Task<QwenHiddenStateFeaturizer> CreateQwenAsync(FeaturizerSelection selection, string? dataset, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var gguf = selection.GgufPath ?? throw new ArgumentException("--featurizer qwen needs --gguf PATH: the Qwen2 GGUF whose hidden states are the features.");
        if (!File.Exists(gguf))
        {
            throw new FileNotFoundException($"The GGUF '{gguf}' does not exist.", gguf);
        }

        var promptName = selection.Prompt ?? (dataset is not null && TryPrompt(dataset) is not null ? dataset : "mustard");
        var options = new LlamaSharpMmoeOptions
        {
            ModelPath = gguf,
            Prompt = ReferencePrompts.ForDataset(promptName),
            GpuLayerCount = selection.GpuLayers,
            Threads = selection.Threads,
            NativeLibraryPath = selection.NativeLibrary,
        };
        try
        {
            return await QwenHiddenStateFeaturizer.CreateAsync(
                options, QwenHiddenStateFeaturizer.ReadPooling(selection.Pooling), promptName.Trim().ToLowerInvariant(), loggers?.CreateLogger("Mmoe.LlamaSharp"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LlamaSharp.Validation.ModelValidationException or LlamaSharp.Gguf.GgufFormatException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Wraps <paramref name="featurizer"/> in the on-disk feature cache the selection names (none for hashed n-grams,
    /// which are cheaper to compute than to read; a concatenation caches its other parts one by one).
    /// </summary>
    public static IPostFeaturizer Cached(IPostFeaturizer featurizer, FeaturizerSelection selection, bool ownsInner = true) =>
        selection.NoCache || featurizer is HashedNgramFeaturizer
            ? featurizer
            : featurizer is ConcatenatedFeaturizer concatenated
                ? new ConcatenatedFeaturizer([.. concatenated.Parts.Select(part => Cached(part, selection, ownsInner))], ownsInner)
                : new CachingPostFeaturizer(featurizer, new FeatureCache(new FeatureCacheOptions { Directory = selection.CacheDirectory }), ownsInner);

    /// <summary>The MiniLM encoder's settings from the command line: --threads (1 when left out, for reproducible floats).</summary>
    public static MiniLmOptions EncoderOptions(FeaturizerSelection? selection) => new() { IntraOpThreads = selection?.Threads ?? 1 };

    /// <summary>
    /// How <c>MmoeModels.LoadAsync</c> loads a model for this command line: hashed n-grams and onnx-clip built here
    /// (onnx-clip from --clip), Qwen2 hidden states by the LLamaSharp backend (GGUF from --gguf, MMOE_GGUF or beside
    /// the model) behind the feature cache, LoRA-expert folders by the backend.
    /// </summary>
    /// <remarks>
    /// MiniLM embeddings go through the feature cache only when <paramref name="cacheEncoders"/> is set (eval, which
    /// reads the same test posts run after run); detect and bench compute them, so a bench measures the encoder.
    /// </remarks>
    public static MmoeLoadOptions LoadOptions(FeaturizerSelection selection, string? modelDirectory, ILoggerFactory? loggers = null, bool cacheEncoders = false)
    {
        var options = new MmoeLoadOptions
        {
            GgufPath = selection.GgufPath,
            GpuLayerCount = selection.GpuLayers,
            Threads = selection.Threads,
            NativeLibraryPath = selection.NativeLibrary,
            ClipDirectory = selection.ClipDirectory,
            LoggerFactory = loggers,
        };
        IPostFeaturizer Build(ManifestFeaturizer recorded, FeaturizerSelection asked)
        {
            CheckAsked(recorded.Name, asked);
            // The parts of a concatenation are not what --featurizer names: they are checked against nothing.
            var parts = asked with { Name = null };
            switch (recorded.Name)
            {
                case ConcatenatedFeaturizer.FeaturizerName:
                    var built = new List<IPostFeaturizer>();
                    try
                    {
                        foreach (var part in ConcatenatedFeaturizer.ReadParts(recorded.Configuration))
                        {
                            built.Add(Build(new ManifestFeaturizer(part.Name, part.Dimension, part.Configuration), parts));
                        }

                        return new ConcatenatedFeaturizer(built);
                    }
                    catch
                    {
                        built.ForEach(part => (part as IDisposable)?.Dispose());
                        throw;
                    }

                case MiniLmFeaturizer.FeaturizerName:
                    var miniLm = MiniLmFeaturizer.FromConfiguration(recorded.Configuration, EncoderOptions(selection));
                    return cacheEncoders ? Cached(miniLm, selection) : miniLm;

                case QwenHiddenStateFeaturizer.FeaturizerName:
                    var context = new ModelLoadContext(modelDirectory, new JsonObject(), options);
                    try
                    {
                        var qwen = new LlamaSharpBackend().CreateFeaturizerAsync(recorded, context, CancellationToken.None).GetAwaiter().GetResult();
                        return Cached(qwen, selection);
                    }
                    catch (Exception ex) when (ex is LlamaSharp.Validation.ModelValidationException or LlamaSharp.Gguf.GgufFormatException)
                    {
                        throw new InvalidDataException(ex.Message, ex);
                    }

                default:
                    return FromManifest(recorded.Name, recorded.Configuration, asked, loggers);
            }
        }

        options.Featurizers = recorded => Build(recorded, selection);
        return options;
    }

    private static string? TryPrompt(string dataset)
    {
        try
        {
            ReferencePrompts.ForDataset(dataset);
            return dataset;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void CheckAsked(string name, FeaturizerSelection? selection)
    {
        // A concatenation of hashed n-grams and MiniLM is what --featurizer hashed-ngrams+minilm trains.
        if (selection?.Name is { } asked && asked != name && !(asked == NgramsAndMiniLm && name == ConcatenatedFeaturizer.FeaturizerName))
        {
            throw new ArgumentException($"The model was trained with the {name} featurizer, not {asked}. Leave out --featurizer, or pass a model trained with {asked}.");
        }
    }

    /// <summary>A fresh featurizer to train with (hashed-ngrams when no name is given); <paramref name="hashed"/> configures hashed-ngrams.</summary>
    public static IPostFeaturizer Create(FeaturizerSelection selection, HashedNgramOptions? hashed = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return (selection.Name ?? HashedNgramFeaturizer.FeaturizerName) switch
        {
            HashedNgramFeaturizer.FeaturizerName => new HashedNgramFeaturizer(hashed),
            MiniLmFeaturizer.FeaturizerName => new MiniLmFeaturizer(EncoderOptions(selection)),
            NgramsAndMiniLm => new ConcatenatedFeaturizer([new HashedNgramFeaturizer(hashed), new MiniLmFeaturizer(EncoderOptions(selection))]),
            OnnxClipFeaturizer.FeaturizerName => new OnnxClipFeaturizer(
                new OnnxClipOptions { ModelDirectory = RequireClip(selection, "--featurizer onnx-clip needs") },
                loggers?.CreateLogger<OnnxClipFeaturizer>()),
            QwenHiddenStateFeaturizer.FeaturizerName => CreateQwenAsync(selection, null, loggers, CancellationToken.None).GetAwaiter().GetResult(),
            var name => throw UnknownName(name),
        };
    }

    /// <summary>What <c>MmoeModels.LoadAsync</c> calls to build a model's featurizer from its manifest.</summary>
    public static Func<ManifestFeaturizer, IPostFeaturizer> ForManifest(FeaturizerSelection selection, ILoggerFactory? loggers = null) =>
        recorded => FromManifest(recorded.Name, recorded.Configuration, selection, loggers);

    /// <summary>
    /// The featurizer a model manifest records, rebuilt from its configuration. Fails when the command line asked
    /// for a different featurizer, or when onnx-clip is recorded but no --clip folder was given.
    /// </summary>
    public static IPostFeaturizer FromManifest(string name, JsonObject configuration, FeaturizerSelection? selection = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        CheckAsked(name, selection);

        return name switch
        {
            HashedNgramFeaturizer.FeaturizerName => HashedNgramFeaturizer.FromConfiguration(configuration),
            MiniLmFeaturizer.FeaturizerName => MiniLmFeaturizer.FromConfiguration(configuration, EncoderOptions(selection)),
            ConcatenatedFeaturizer.FeaturizerName => new ConcatenatedFeaturizer(
                [.. ConcatenatedFeaturizer.ReadParts(configuration).Select(part => FromManifest(part.Name, part.Configuration, selection is null ? null : selection with { Name = null }, loggers))]),
            OnnxClipFeaturizer.FeaturizerName => OnnxClipFeaturizer.FromConfiguration(
                configuration,
                RequireClip(selection, "The model reads onnx-clip features; it needs"),
                logger: loggers?.CreateLogger<OnnxClipFeaturizer>()),
            _ => throw UnknownName(name),
        };
    }

    private static string RequireClip(FeaturizerSelection? selection, string who) =>
        selection?.ClipDirectory is { Length: > 0 } clip
            ? clip
            : throw new ArgumentException($"{who} --clip DIR: the folder with the CLIP encoders exported to ONNX (see the README's 'ONNX backend').");

    private static InvalidDataException UnknownName(string name) =>
        new($"There is no featurizer named '{name}'; this build provides {string.Join(", ", Names)}.");
}
