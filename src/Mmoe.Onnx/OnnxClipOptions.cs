namespace Mmoe.Onnx;

/// <summary>
/// Where a CLIP-style dual encoder exported to ONNX lives and how it is named. The defaults match the export in the
/// README's "ONNX backend" section.
/// </summary>
public sealed record OnnxClipOptions
{
    /// <summary>Folder holding the two encoders, <c>preprocessor_config.json</c>, <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    public string ModelDirectory { get; set; } = "";

    public string ImageEncoderFile { get; set; } = "vision_model.onnx";

    public string TextEncoderFile { get; set; } = "text_model.onnx";

    /// <summary>Image encoder input: float32 [N, 3, H, W].</summary>
    public string PixelValuesInput { get; set; } = "pixel_values";

    /// <summary>Image encoder output: float32 [N, D].</summary>
    public string ImageEmbedsOutput { get; set; } = "image_embeds";

    /// <summary>Text encoder input: int64 [N, L].</summary>
    public string InputIdsInput { get; set; } = "input_ids";

    /// <summary>Optional text encoder input: int64 [N, L], fed when the graph has it.</summary>
    public string AttentionMaskInput { get; set; } = "attention_mask";

    /// <summary>Text encoder output: float32 [N, D].</summary>
    public string TextEmbedsOutput { get; set; } = "text_embeds";

    /// <summary>Posts per encoder run.</summary>
    public int BatchSize { get; set; } = 16;

    public OnnxRuntimeOptions Runtime { get; set; } = new();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new ArgumentException("Set the CLIP model folder (OnnxClipOptions.ModelDirectory, or --clip on the command line).");
        }

        if (!Directory.Exists(ModelDirectory))
        {
            throw new DirectoryNotFoundException($"The CLIP model folder '{ModelDirectory}' does not exist.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }
    }
}
