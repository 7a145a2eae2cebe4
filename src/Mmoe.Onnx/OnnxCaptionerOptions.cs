namespace Mmoe.Onnx;

/// <summary>
/// Where an image-captioning encoder–decoder exported to ONNX with past key values lives (the layout Hugging Face
/// Optimum writes for <c>image-to-text-with-past</c>), and how captions are decoded.
/// </summary>
public sealed record OnnxCaptionerOptions
{
    /// <summary>Folder with the three graphs, <c>preprocessor_config.json</c>, <c>vocab.json</c>, <c>merges.txt</c> and <c>generation_config.json</c> or <c>config.json</c>.</summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>pixel_values float32 [N, 3, H, W] → last_hidden_state float32 [N, S, C].</summary>
    public string EncoderFile { get; set; } = "encoder_model.onnx";

    /// <summary>First step: input_ids int64 [N, 1] and encoder_hidden_states → logits [N, 1, V] and present.* tensors.</summary>
    public string DecoderFile { get; set; } = "decoder_model.onnx";

    /// <summary>Later steps: input_ids [N, 1] and past_key_values.* (the previous present.*) → logits and present.*.</summary>
    public string DecoderWithPastFile { get; set; } = "decoder_with_past_model.onnx";

    /// <summary>Most tokens a caption may have (the end token not counted); null uses the model's generation config, else 32.</summary>
    public int? MaxNewTokens { get; set; }

    /// <summary>The first decoder input; null reads <c>decoder_start_token_id</c> (or <c>bos_token_id</c>) from the model's configs.</summary>
    public int? DecoderStartTokenId { get; set; }

    /// <summary>Tokens that end a caption; null reads <c>eos_token_id</c> from the model's configs.</summary>
    public IReadOnlyList<int>? EndTokenIds { get; set; }

    /// <summary>Images per encoder and decoder run.</summary>
    public int BatchSize { get; set; } = 8;

    public OnnxRuntimeOptions Runtime { get; set; } = new();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new ArgumentException("Set the captioner model folder (OnnxCaptionerOptions.ModelDirectory, or --captioner on the command line).");
        }

        if (!Directory.Exists(ModelDirectory))
        {
            throw new DirectoryNotFoundException($"The captioner model folder '{ModelDirectory}' does not exist.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }

        if (MaxNewTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "A caption needs room for at least one token.");
        }
    }
}
