using LLama;
using LLama.Common;
using LLama.Sampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Captioning;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// A local captioner: a llava-style GGUF language model plus its mmproj (CLIP projector) through LLamaSharp's
/// multimodal support. Greedy decoding, so the same image always gets the same caption. One image at a time.
/// </summary>
public sealed class LlavaImageToText : IImageToText, IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLavaWeights _projector;
    private readonly ModelParams _parameters;
    private readonly string _prompt;
    private readonly int _maxTokens;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private LlavaImageToText(LLamaWeights weights, LLavaWeights projector, ModelParams parameters, string prompt, int maxTokens)
    {
        _weights = weights;
        _projector = projector;
        _parameters = parameters;
        _prompt = prompt;
        _maxTokens = maxTokens;
    }

    /// <summary>
    /// Loads the captioning model and projector. <paramref name="promptTemplate"/> is the model's chat format
    /// around <c>&lt;image&gt;</c> and <c>{instruction}</c>; the llava-1.5 format by default.
    /// </summary>
    public static LlavaImageToText Create(
        string modelPath, string projectorPath, int gpuLayerCount = 0, string? instruction = null, string? promptTemplate = null,
        int maxTokens = 96, string? nativeLibraryPath = null, string? nativeLlavaLibraryPath = null, ILogger? logger = null)
    {
        foreach (var path in new[] { modelPath, projectorPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Captioning model file not found: {path}.", path);
            }
        }

        LlamaNativeLibrary.Configure(nativeLibraryPath, nativeLlavaLibraryPath, logger ?? NullLogger.Instance);
        var parameters = new ModelParams(modelPath) { ContextSize = 4096, GpuLayerCount = gpuLayerCount };
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            var projector = LLavaWeights.LoadFromFile(projectorPath);
            var prompt = (promptTemplate ?? "USER: <image>\n{instruction}\nASSISTANT:")
                .Replace("{instruction}", instruction ?? ChatClientImageToText.DefaultInstruction, StringComparison.Ordinal);
            return new LlavaImageToText(weights, projector, parameters, prompt, maxTokens);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public async Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = await ImageBytes.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var context = _weights.CreateContext(_parameters);
            var executor = new InteractiveExecutor(context, _projector);
            executor.Images.Add(bytes);
            var inference = new InferenceParams
            {
                MaxTokens = _maxTokens,
                AntiPrompts = ["\nUSER:", "</s>"],
                SamplingPipeline = new DefaultSamplingPipeline { Temperature = 0 },
            };
            var caption = new System.Text.StringBuilder();
            await foreach (var piece in executor.InferAsync(_prompt, inference, cancellationToken).ConfigureAwait(false))
            {
                caption.Append(piece);
            }

            var text = caption.ToString().Replace("\nUSER:", "", StringComparison.Ordinal).Trim();
            return text.Length > 0 ? text : throw new InvalidOperationException("The llava model produced an empty image description.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _projector.Dispose();
        _weights.Dispose();
        _gate.Dispose();
    }
}
