using Mmoe.LlamaSharp.Prompts;

namespace Mmoe.LlamaSharp;

/// <summary>Configuration of the LLamaSharp backend (LoRA experts, or the Qwen2 hidden-state featurizer). Only <see cref="ModelPath"/> (and, for LoRA experts, <see cref="Adapters"/>) is required.</summary>
public sealed class LlamaSharpMmoeOptions
{
    /// <summary>A Qwen2 GGUF (0.5B, 1.5B or 7B, any quantisation).</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The LoRA experts' adapters; see <see cref="ExpertAdapterPaths.FromDirectory"/> (a LoRA model folder sets them itself).</summary>
    public ExpertAdapterPaths? Adapters { get; set; }

    /// <summary>The prompt the experts read; the reference's MUStARD prompt unless set.</summary>
    public PromptTemplate Prompt { get; set; } = ReferencePrompts.Mustard;

    /// <summary>The router's prompt; <see cref="Prompt"/> when null.</summary>
    public PromptTemplate? RouterPrompt { get; set; }

    public AnswerTokenStyle AnswerTokens { get; set; } = AnswerTokenStyle.Reference;

    /// <summary>Multiplies each adapter's alpha/r scaling, as llama.cpp's --lora-scaled does.</summary>
    public float AdapterScale { get; set; } = 1f;

    /// <summary>Prompts longer than this are cut from the end, as the reference's tokenizer (max_length 512) does.</summary>
    public int MaxPromptTokens { get; set; } = 512;

    /// <summary>Layers offloaded to the GPU (CUDA backend); 0 keeps everything on the CPU, a large number offloads all.</summary>
    public int GpuLayerCount { get; set; }

    /// <summary>Flash attention on (true), off (false) or chosen by llama.cpp for the device (null).</summary>
    public bool? FlashAttention { get; set; }

    public KvCacheType KvCacheType { get; set; } = KvCacheType.F16;

    /// <summary>KV cache cells per context, shared by all posts decoded together (prompt prefix counted once).</summary>
    public int ContextSize { get; set; } = 8192;

    /// <summary>Most tokens per decode call.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>
    /// Most posts decoded together, one sequence each, at most <see cref="MaxSequencesPerBatch"/>: llama.cpp
    /// allows 256 sequences per context and the shared prompt prefix takes one. Larger calls are split.
    /// </summary>
    public int MaxPostsPerBatch { get; set; } = 16;

    /// <summary>The largest allowed <see cref="MaxPostsPerBatch"/> (llama.cpp's 256 sequences, less the prefix's).</summary>
    public const int MaxSequencesPerBatch = 255;

    /// <summary>
    /// Decode the token prefix that a batch's prompts share once and copy its KV cells to each prompt (default), instead
    /// of decoding every prompt whole. Only the reference prompts' opening words are shared, so the gain is small on CPU.
    /// </summary>
    public bool ReusePromptPrefix { get; set; } = true;

    /// <summary>Contexts (each with its own KV cache) that concurrent calls share.</summary>
    public int ContextPoolSize { get; set; } = 1;

    /// <summary>CPU threads per decode; llama.cpp's default when null.</summary>
    public int? Threads { get; set; }

    /// <summary>
    /// A llama.cpp shared library (libllama.so / llama.dll) to load instead of the backend package's, for users
    /// with their own llama.cpp build. Must be set before the first model loads in the process.
    /// </summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>The matching mtmd (multimodal) library, for local captioning with a vision GGUF and its projector.</summary>
    public string? NativeMtmdLibraryPath { get; set; }

    /// <summary>Probability at which a post is called positive (0.5: the reference's argmax).</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Model name in verdicts; the model file's name when null.</summary>
    public string? ModelId { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("LlamaSharpMmoeOptions.ModelPath is required: the path of a Qwen2 GGUF model.");
        }

        Positive(MaxPromptTokens, nameof(MaxPromptTokens));
        Positive(ContextSize, nameof(ContextSize));
        Positive(BatchSize, nameof(BatchSize));
        Positive(MaxPostsPerBatch, nameof(MaxPostsPerBatch));
        Positive(ContextPoolSize, nameof(ContextPoolSize));
        if (MaxPostsPerBatch > MaxSequencesPerBatch)
        {
            throw new ArgumentException(
                $"LlamaSharpMmoeOptions.MaxPostsPerBatch is {MaxPostsPerBatch}; llama.cpp decodes at most 256 sequences per context and the shared prompt prefix takes one, so the most is {MaxSequencesPerBatch}. Larger calls are split into batches of this size.");
        }
        if (MaxPromptTokens >= ContextSize)
        {
            throw new ArgumentException($"MaxPromptTokens ({MaxPromptTokens}) must be smaller than ContextSize ({ContextSize}).");
        }

        if (GpuLayerCount < 0)
        {
            throw new ArgumentException("GpuLayerCount cannot be negative (0 = CPU only).");
        }

        if (double.IsNaN(Threshold) || Threshold <= 0 || Threshold >= 1)
        {
            throw new ArgumentException("Threshold is a probability strictly between 0 and 1.");
        }
    }

    internal void ValidateExperts()
    {
        Validate();
        if (Adapters is null)
        {
            throw new ArgumentException("LoRA experts need LlamaSharpMmoeOptions.Adapters (e.g. ExpertAdapterPaths.FromDirectory(dir)), or load a model folder with MmoeModels.LoadAsync.");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"LlamaSharpMmoeOptions.{name} must be positive (got {value}).");
        }
    }
}
