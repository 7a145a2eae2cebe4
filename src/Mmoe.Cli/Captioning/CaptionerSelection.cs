namespace Mmoe.Cli.Captioning;

/// <summary>
/// Which image-to-text model <c>mmoe caption</c> runs: an ONNX encoder–decoder folder (<see cref="OnnxDirectory"/>), or
/// a vision GGUF with its multimodal projector through llama.cpp's mtmd (<see cref="Gguf"/> and <see cref="Projector"/>),
/// and how it decodes.
/// </summary>
internal sealed record CaptionerSelection
{
    public string? OnnxDirectory { get; init; }

    public string? Gguf { get; init; }

    public string? Projector { get; init; }

    /// <summary>Most tokens per caption; null: the ONNX model's generation config (else 32), or 96 for mtmd.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>ONNX: images per encoder/decoder run.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>mtmd: what to ask for (default: <c>ChatClientImageToText.DefaultInstruction</c>).</summary>
    public string? Instruction { get; init; }

    /// <summary>mtmd: the model's chat format around <c>&lt;image&gt;</c> and <c>{instruction}</c>.</summary>
    public string? PromptTemplate { get; init; }

    public int GpuLayers { get; init; }

    public string? NativeLibrary { get; init; }

    public string? NativeMtmdLibrary { get; init; }
}
