using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Mmoe.Captions;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Captioning;
using Mmoe.LlamaSharp.Native;
using Mmoe.Onnx;

namespace Mmoe.Cli.Captioning;

/// <summary>
/// Builds the captioner a <see cref="CaptionerSelection"/> names, with its <see cref="CaptionerIdentity"/>: every model
/// file by name, size and SHA-256, and every setting that changes what it writes (prompt, instruction, length limit,
/// greedy decoding, the runtime's version), so cached captions are reused only for exactly this captioner.
/// </summary>
internal static class CaptionerFactory
{
    public const string MtmdName = "mtmd";

    public const string OnnxName = "onnx-captioner";

    /// <summary>mtmd's default length limit (<see cref="MtmdImageToText.Create"/>'s).</summary>
    public const int MtmdDefaultMaxTokens = 96;

    public sealed record Built(IImageToText Captioner, CaptionerIdentity Identity, IDisposable Owned, OnnxImageCaptioner? Onnx);

    public static async Task<Built> CreateAsync(CaptionerSelection selection, ILogger? logger, CancellationToken cancellationToken)
    {
        Validate(selection);
        return selection.OnnxDirectory is not null
            ? await OnnxAsync(selection, cancellationToken).ConfigureAwait(false)
            : await MtmdAsync(selection, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the options alone (no file is read), so a usage mistake is reported before a dataset or a model is loaded.</summary>
    public static void Validate(CaptionerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var onnx = selection.OnnxDirectory is not null;
        var mtmd = selection.Gguf is not null || selection.Projector is not null;
        if (onnx == mtmd)
        {
            throw new ArgumentException(onnx
                ? "Give one captioner: --captioner DIR (ONNX) or --gguf FILE with --mmproj FILE (mtmd), not both."
                : "Say which captioner to run: --captioner DIR (an ONNX encoder–decoder, see docs/backends.md) or --gguf FILE with --mmproj FILE (a vision GGUF and its projector, through llama.cpp's mtmd).");
        }

        if (mtmd && (selection.Gguf is null || selection.Projector is null))
        {
            throw new ArgumentException("The mtmd captioner needs both --gguf FILE (the vision language model) and --mmproj FILE (its multimodal projector).");
        }

        if (selection.MaxTokens is < 1)
        {
            throw new ArgumentException($"--max-tokens must be at least 1 (got {selection.MaxTokens}).");
        }

        if (selection.Batch < 1)
        {
            throw new ArgumentException($"--batch must be at least 1 (got {selection.Batch}).");
        }
    }

    private static async Task<Built> OnnxAsync(CaptionerSelection selection, CancellationToken cancellationToken)
    {
        var directory = selection.OnnxDirectory!;
        var captioner = new OnnxImageCaptioner(new OnnxCaptionerOptions { ModelDirectory = directory, MaxNewTokens = selection.MaxTokens, BatchSize = selection.Batch });
        try
        {
            // Every file of the folder, not only the graphs: the tokenizer and the generation config change captions too.
            var files = new JsonArray();
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                files.Add(await CaptionerIdentity.DescribeFileAsync(file, cancellationToken).ConfigureAwait(false));
            }

            var identity = new CaptionerIdentity(OnnxName, new JsonObject
            {
                ["files"] = files,
                ["maxNewTokens"] = captioner.MaxNewTokens,
                ["decoding"] = "greedy",
                ["runtime"] = $"Microsoft.ML.OnnxRuntime {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version}",
            });
            return new Built(captioner, identity, captioner, captioner);
        }
        catch
        {
            captioner.Dispose();
            throw;
        }
    }

    private static async Task<Built> MtmdAsync(CaptionerSelection selection, ILogger? logger, CancellationToken cancellationToken)
    {
        var maxTokens = selection.MaxTokens ?? MtmdDefaultMaxTokens;
        var template = selection.PromptTemplate ?? MtmdImageToText.DefaultPromptTemplate;
        var instruction = selection.Instruction ?? ChatClientImageToText.DefaultInstruction;
        // Hashed before loading: a missing file is then a plain "does not exist", and llama.cpp never sees a wrong path.
        var model = await CaptionerIdentity.DescribeFileAsync(selection.Gguf!, cancellationToken).ConfigureAwait(false);
        var projector = await CaptionerIdentity.DescribeFileAsync(selection.Projector!, cancellationToken).ConfigureAwait(false);
        var identity = new CaptionerIdentity(MtmdName, new JsonObject
        {
            ["model"] = model,
            ["projector"] = projector,
            ["promptTemplate"] = template,
            ["instruction"] = instruction,
            ["maxTokens"] = maxTokens,
            ["decoding"] = "greedy",
            ["runtime"] = $"LLamaSharp {typeof(LLama.LLamaWeights).Assembly.GetName().Version}",
        });
        var captioner = MtmdImageToText.Create(
            selection.Gguf!, selection.Projector!, selection.GpuLayers, instruction, template, maxTokens, selection.NativeLibrary, selection.NativeMtmdLibrary, logger);
        return new Built(captioner, identity, captioner, null);
    }
}
