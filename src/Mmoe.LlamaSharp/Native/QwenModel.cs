using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Mmoe.LlamaSharp.Gguf;
using Mmoe.LlamaSharp.Validation;

namespace Mmoe.LlamaSharp.Native;

/// <summary>A validated Qwen2 GGUF loaded once, with its answer tokens and any validated LoRA adapters.</summary>
internal sealed class QwenModel : IDisposable
{
    private readonly LlamaSharpMmoeOptions _options;

    private QwenModel(LlamaSharpMmoeOptions options, GgufHeader header, LLamaWeights weights, AnswerTokens answers)
    {
        _options = options;
        Header = header;
        Weights = weights;
        Answers = answers;
        ModelId = options.ModelId ?? Path.GetFileNameWithoutExtension(options.ModelPath);
    }

    public GgufHeader Header { get; }

    public LLamaWeights Weights { get; }

    public AnswerTokens Answers { get; }

    /// <summary>The id verdicts report: the configured one, else the model file's name.</summary>
    public string ModelId { get; }

    public int EmbeddingSize => Weights.EmbeddingSize;

    public static QwenModel Load(LlamaSharpMmoeOptions options, ILogger logger)
    {
        var header = QwenModelValidator.Validate(options.ModelPath, options.AnswerTokens);
        LlamaNativeLibrary.Configure(options.NativeLibraryPath, options.NativeMtmdLibraryPath, logger);
        var weights = LLamaWeights.LoadFromFile(new ModelParams(options.ModelPath) { GpuLayerCount = options.GpuLayerCount });
        try
        {
            return new QwenModel(options, header, weights, AnswerTokens.Resolve(weights, options.AnswerTokens, Path.GetFileName(options.ModelPath)));
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>Validates the adapter against this model's header before llama.cpp sees it (see <see cref="LoraAdapterValidator"/>).</summary>
    public LoraAdapter LoadAdapter(string path)
    {
        LoraAdapterValidator.Validate(path, Header);
        var adapter = Weights.NativeHandle.LoadLoraFromFile(path);
        // LLamaSharp does not check llama.cpp's NULL: an adapter it refused would crash at the next decode.
        if (NativePointer(adapter) == IntPtr.Zero)
        {
            throw new InvalidDataException($"llama.cpp refused the LoRA adapter '{path}' for the model '{Path.GetFileName(_options.ModelPath)}'; its log says why.");
        }

        return adapter;
    }

    /// <summary>Prompt tokens, cut from the end at <see cref="LlamaSharpMmoeOptions.MaxPromptTokens"/> as the reference's tokenizer does.</summary>
    public int[] Tokenize(string prompt)
    {
        var tokens = Weights.Tokenize(prompt, false, false, Encoding.UTF8);
        var count = Math.Min(tokens.Length, _options.MaxPromptTokens);
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (int)tokens[i];
        }

        return ids;
    }

    /// <summary>Contexts for concurrent callers, each decoding batches of posts (<paramref name="embeddings"/>: hidden states instead of logits).</summary>
    public ContextPool CreatePool(bool embeddings) =>
        new(_options.ContextPoolSize, () => new DecoderContext(CreateContext(embeddings), embeddings, _options.MaxPostsPerBatch, _options.ReusePromptPrefix));

    public LLamaContext CreateContext(bool embeddings)
    {
        var parameters = new ModelParams(_options.ModelPath)
        {
            ContextSize = (uint)_options.ContextSize,
            BatchSize = (uint)_options.BatchSize,
            UBatchSize = (uint)_options.BatchSize,
            SeqMax = (uint)_options.MaxPostsPerBatch + 1,
            FlashAttention = _options.FlashAttention,
            // Every post's sequence copies the shared prefix's cells, which needs one KV cache for all sequences.
            KVUnified = true,
            TypeK = CacheType(_options.KvCacheType),
            TypeV = CacheType(_options.KvCacheType),
            Embeddings = embeddings,
            PoolingType = embeddings ? LLamaPoolingType.None : LLamaPoolingType.Unspecified,
            Threads = _options.Threads,
            BatchThreads = _options.Threads,
        };
        var context = Weights.CreateContext(parameters);
        // LLamaSharp compares the native result (a SafeHandle) to null, so a context llama.cpp refused arrives
        // as an invalid handle that would crash at the first decode.
        if (context.NativeHandle.IsInvalid)
        {
            context.Dispose();
            throw new InvalidOperationException(
                $"llama.cpp could not create a context for '{Path.GetFileName(_options.ModelPath)}' (context size {_options.ContextSize}, batch {_options.BatchSize}, {_options.MaxPostsPerBatch + 1} sequences); its log says why.");
        }

        return context;
    }

    public void Dispose() => Weights.Dispose();

    // LLamaSharp keeps the adapter's native pointer internal; reading it is the only way to see llama.cpp's NULL.
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "get_Pointer")]
    private static extern IntPtr NativePointer(LoraAdapter adapter);

    private static GGMLType CacheType(KvCacheType type) => type switch
    {
        KvCacheType.F32 => GGMLType.GGML_TYPE_F32,
        KvCacheType.Q8_0 => GGMLType.GGML_TYPE_Q8_0,
        KvCacheType.Q4_0 => GGMLType.GGML_TYPE_Q4_0,
        _ => GGMLType.GGML_TYPE_F16,
    };
}
