using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Validation;
using Mmoe.Models;

namespace Mmoe.LlamaSharp.Models;

/// <summary>
/// Writes and loads LoRA-expert model folders (<see cref="LoraExpertsManifest"/>): the adapters copied in under
/// their role names, the GGUF referenced by hash. <c>MmoeModels.LoadAsync</c> loads them like any other model.
/// </summary>
public static class LoraModelFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Checks the GGUF (Qwen2, answer tokens) and every adapter against its header, copies the adapters into
    /// <paramref name="directory"/> and writes the manifest. The GGUF itself is not copied.
    /// </summary>
    public static async Task<LoraExpertsManifest> WriteAsync(
        string directory, string id, string ggufPath, ExpertAdapterPaths adapters, PromptTemplate prompt, string? promptName = null,
        AnswerTokenStyle answerTokens = AnswerTokenStyle.Reference, PromptTemplate? routerPrompt = null, float adapterScale = 1f,
        int maxPromptTokens = 512, double decisionThreshold = 0.5, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(prompt);
        var header = QwenModelValidator.Validate(ggufPath, answerTokens);
        Directory.CreateDirectory(directory);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<ManifestFile>();
        foreach (var (role, path) in adapters.All())
        {
            LoraAdapterValidator.Validate(path, header);
            var name = role switch
            {
                "redundancy" => "R.gguf",
                "uniqueness" => "U.gguf",
                "synergy" => "AS.gguf",
                "router" => "router.gguf",
                _ => "baseline.gguf",
            };
            var target = Path.Combine(directory, name);
            if (!string.Equals(Path.GetFullPath(path), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(path, target, overwrite: true);
            }

            names[role] = name;
            files.Add(await ModelFiles.DescribeAsync(target, cancellationToken).ConfigureAwait(false));
        }

        var manifest = new LoraExpertsManifest
        {
            FormatVersion = LoraExpertsManifest.CurrentFormatVersion,
            Id = id,
            Gguf = await ModelFiles.DescribeAsync(ggufPath, cancellationToken).ConfigureAwait(false),
            Prompt = PromptRecord.From(prompt, promptName),
            RouterPrompt = routerPrompt is null ? null : PromptRecord.From(routerPrompt),
            AnswerTokens = LoraExpertsManifest.StyleName(answerTokens),
            AdapterScale = adapterScale,
            MaxPromptTokens = maxPromptTokens,
            DecisionThreshold = decisionThreshold,
            Adapters = names,
            Files = files,
        };
        await File.WriteAllTextAsync(
            Path.Combine(directory, ModelFolder.ManifestFileName), JsonSerializer.Serialize(manifest, Json) + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>Reads and checks a folder's manifest and files (not the GGUF).</summary>
    public static async Task<LoraExpertsManifest> ReadManifestAsync(string directory, CancellationToken cancellationToken = default)
    {
        var source = $"model folder '{directory}'";
        var path = Path.Combine(directory, ModelFolder.ManifestFileName);
        LoraExpertsManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<LoraExpertsManifest>(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), Json)
                ?? throw new InvalidDataException($"{source}: {ModelFolder.ManifestFileName} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ModelFolder.ManifestFileName} is not a valid LoRA-expert manifest ({ex.Message.Split('.')[0]}).", ex);
        }

        if (manifest.Format != LoraExpertsManifest.FormatName || manifest.FormatVersion != LoraExpertsManifest.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"{source} has format '{manifest.Format}' version {manifest.FormatVersion}; this build reads '{LoraExpertsManifest.FormatName}' version {LoraExpertsManifest.CurrentFormatVersion}.");
        }

        foreach (var role in new[] { "redundancy", "uniqueness", "synergy", "router" })
        {
            if (!manifest.Adapters.ContainsKey(role))
            {
                throw new InvalidDataException($"{source}: the manifest names no {role} adapter.");
            }
        }

        foreach (var (role, file) in manifest.Adapters)
        {
            if (!manifest.Files.Any(entry => entry.Path == file))
            {
                throw new InvalidDataException($"{source}: the {role} adapter '{file}' is not among the files the manifest lists with their hashes.");
            }
        }

        await ModelFiles.VerifyAsync(directory, manifest.Files, source, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>
    /// Loads the folder as a detector: checks every file, finds the GGUF (see <see cref="GgufLocator"/>) and loads it
    /// with the adapters. <paramref name="load"/> gives the GGUF location and how to run it.
    /// </summary>
    public static async Task<LlamaSharpDetector> LoadAsync(
        string directory, MmoeLoadOptions? load = null, IImageToText? imageToText = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        load ??= new MmoeLoadOptions();
        directory = Path.GetFullPath(directory);
        var manifest = await ReadManifestAsync(directory, cancellationToken).ConfigureAwait(false);
        var gguf = await GgufLocator.ResolveAsync(manifest.Gguf, directory, load.GgufPath, $"model folder '{directory}'", cancellationToken).ConfigureAwait(false);
        string Adapter(string role) => Path.Combine(directory, manifest.Adapters[role]);
        var options = new LlamaSharpMmoeOptions
        {
            ModelPath = gguf,
            ModelId = manifest.Id,
            Adapters = new ExpertAdapterPaths(
                Adapter("redundancy"), Adapter("uniqueness"), Adapter("synergy"), Adapter("router"),
                manifest.Adapters.ContainsKey("baseline") ? Adapter("baseline") : null),
            Prompt = manifest.Prompt.ToTemplate(),
            RouterPrompt = manifest.RouterPrompt?.ToTemplate(),
            AnswerTokens = LoraExpertsManifest.ReadStyle(manifest.AnswerTokens),
            AdapterScale = manifest.AdapterScale,
            MaxPromptTokens = manifest.MaxPromptTokens,
            Threshold = manifest.DecisionThreshold,
        };
        LlamaSharpBackend.ApplyRuntime(options, load);
        return LlamaSharpDetector.Create(options, imageToText, load.LoggerFactory?.CreateLogger("Mmoe.LlamaSharp"));
    }
}
