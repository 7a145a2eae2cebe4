using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Detection;
using Mmoe.LlamaSharp.Captioning;

namespace Mmoe.LlamaSharp.Native;

/// <summary>
/// A local captioner: a vision language model GGUF plus its multimodal projector (mmproj) through llama.cpp's
/// mtmd library. Greedy decoding, so the same image always gets the same caption. One image at a time.
/// </summary>
public sealed class MtmdImageToText : IImageToText, IDisposable
{
    /// <summary>The prompt around the image when none is given: the llava-1.5 chat format.</summary>
    public const string DefaultPromptTemplate = "USER: <image>\n{instruction}\nASSISTANT:";

    private const string ImagePlaceholder = "<image>";

    private readonly LLamaWeights _weights;
    private readonly MtmdWeights _projector;
    private readonly ModelParams _parameters;
    private readonly string _prompt;
    private readonly int _maxTokens;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private MtmdImageToText(LLamaWeights weights, MtmdWeights projector, ModelParams parameters, string prompt, int maxTokens)
    {
        _weights = weights;
        _projector = projector;
        _parameters = parameters;
        _prompt = prompt;
        _maxTokens = maxTokens;
    }

    /// <summary>
    /// Loads the captioning model and projector. <paramref name="promptTemplate"/> is the model's chat format
    /// around <c>&lt;image&gt;</c> and <c>{instruction}</c> (<see cref="DefaultPromptTemplate"/> by default).
    /// </summary>
    public static MtmdImageToText Create(
        string modelPath, string projectorPath, int gpuLayerCount = 0, string? instruction = null, string? promptTemplate = null,
        int maxTokens = 96, string? nativeLibraryPath = null, string? nativeMtmdLibraryPath = null, ILogger? logger = null)
    {
        foreach (var path in new[] { modelPath, projectorPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Captioning model file not found: {path}.", path);
            }
        }

        var template = promptTemplate ?? DefaultPromptTemplate;
        if (!template.Contains(ImagePlaceholder, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The captioning prompt template must contain {ImagePlaceholder} where the image goes.", nameof(promptTemplate));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        LlamaNativeLibrary.Configure(nativeLibraryPath, nativeMtmdLibraryPath, logger ?? NullLogger.Instance);
        var parameters = new ModelParams(modelPath) { ContextSize = 4096, GpuLayerCount = gpuLayerCount };
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            var mtmdParameters = MtmdContextParams.Default();
            mtmdParameters.UseGpu = gpuLayerCount > 0;
            var projector = LoadProjector(projectorPath, weights, mtmdParameters);
            var marker = mtmdParameters.MediaMarker ?? NativeApi.MtmdDefaultMarker() ?? "<__media__>";
            var prompt = template
                .Replace("{instruction}", instruction ?? ChatClientImageToText.DefaultInstruction, StringComparison.Ordinal)
                .Replace(ImagePlaceholder, marker, StringComparison.Ordinal);
            return new MtmdImageToText(weights, projector, parameters, prompt, maxTokens);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    private static MtmdWeights LoadProjector(string projectorPath, LLamaWeights weights, MtmdContextParams parameters)
    {
        MtmdWeights projector;
        try
        {
            projector = MtmdWeights.LoadFromFile(projectorPath, weights, parameters);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidDataException($"llama.cpp's mtmd could not load the projector '{projectorPath}': {error.Message}", error);
        }

        if (!projector.SupportsVision)
        {
            projector.Dispose();
            throw new InvalidDataException($"The projector '{projectorPath}' has no vision encoder: it cannot caption images.");
        }

        return projector;
    }

    public async Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = await ImageBytes.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var context = _weights.CreateContext(_parameters);
            if (context.NativeHandle.IsInvalid)
            {
                throw new InvalidOperationException("llama.cpp could not create a context for the captioning model; its log says why.");
            }

            var executor = new InteractiveExecutor(context, _projector);
            executor.Embeds.Add(LoadImage(bytes));
            try
            {
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
                return text.Length > 0 ? text : throw new InvalidOperationException("The captioning model produced an empty image description.");
            }
            finally
            {
                foreach (var pending in executor.Embeds)
                {
                    pending.Dispose();
                }

                executor.Embeds.Clear();
                _projector.ClearMedia();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private SafeMtmdEmbed LoadImage(byte[] bytes)
    {
        try
        {
            return _projector.LoadMedia(bytes);
        }
        catch (LLama.Exceptions.RuntimeError error)
        {
            throw new InvalidDataException("llama.cpp's mtmd could not decode the image (a PNG, JPEG, BMP or GIF is expected).", error);
        }
    }

    public void Dispose()
    {
        _projector.Dispose();
        _weights.Dispose();
        _gate.Dispose();
    }
}
