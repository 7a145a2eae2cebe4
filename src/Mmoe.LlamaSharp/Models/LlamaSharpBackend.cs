using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.Features;
using Mmoe.LlamaSharp.Features;
using Mmoe.LlamaSharp.Models;
using Mmoe.Models;
using Mmoe.Models.Backends;

[assembly: MmoeBackend(typeof(LlamaSharpBackend))]

namespace Mmoe.LlamaSharp.Models;

/// <summary>
/// What this assembly adds to <c>MmoeModels.LoadAsync</c>: the <c>qwen2-hidden</c> featurizer for heads trained on
/// Qwen2 hidden states, and LoRA-expert model folders. Found automatically when the assembly ships with the host.
/// </summary>
public sealed class LlamaSharpBackend : IMmoeBackend
{
    public IReadOnlyCollection<string> FeaturizerNames { get; } = [QwenHiddenStateFeaturizer.FeaturizerName];

    public IReadOnlyCollection<string> ModelFormats { get; } = [LoraExpertsManifest.FormatName];

    public async Task<IPostFeaturizer> CreateFeaturizerAsync(ManifestFeaturizer recorded, ModelLoadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(context);
        var gguf = recorded.Configuration["gguf"] is { } node
            ? System.Text.Json.JsonSerializer.Deserialize<ManifestFile>(node, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))
            : null;
        if (gguf is null || string.IsNullOrWhiteSpace(gguf.Path) || string.IsNullOrWhiteSpace(gguf.Sha256))
        {
            throw new InvalidDataException($"{context.Source}: the {QwenHiddenStateFeaturizer.FeaturizerName} featurizer configuration does not record its GGUF (path, bytes, sha256).");
        }

        var path = await GgufLocator.ResolveAsync(gguf, context.ModelDirectory, context.Options.GgufPath, context.Source, cancellationToken).ConfigureAwait(false);
        var runtime = new LlamaSharpMmoeOptions();
        ApplyRuntime(runtime, context.Options);
        return await QwenHiddenStateFeaturizer.FromConfigurationAsync(
            recorded.Configuration, path, runtime, context.Options.LoggerFactory?.CreateLogger("Mmoe.LlamaSharp"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IMmoeDetector> LoadDetectorAsync(ModelLoadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await LoraModelFolder.LoadAsync(
            context.ModelDirectory ?? throw new ArgumentException("LoRA-expert models live in model folders."), context.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies how to run (GPU layers, threads, native library) from the load options.</summary>
    internal static void ApplyRuntime(LlamaSharpMmoeOptions options, MmoeLoadOptions load)
    {
        options.GpuLayerCount = load.GpuLayerCount;
        options.Threads = load.Threads;
        options.NativeLibraryPath = load.NativeLibraryPath;
    }
}
