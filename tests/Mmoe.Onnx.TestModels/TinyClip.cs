using System.Text.Json;

namespace Mmoe.Onnx.TestModels;

/// <summary>
/// A tiny CLIP-style dual encoder with weights chosen so tests can compute its embeddings by hand.
/// Image encoder: the per-channel mean of <c>pixel_values</c> times <see cref="ImageProjection"/>.
/// Text encoder: the sum of <see cref="TokenEmbedding"/> rows over the tokens the attention mask keeps
/// (over every position when the graph has no mask).
/// </summary>
public sealed record TinyClip
{
    public const string StartToken = "<|startoftext|>";
    public const string EndToken = "<|endoftext|>";

    /// <summary>Image embedding width; the text encoder uses <see cref="TextEmbeddingDimension"/> when set.</summary>
    public int EmbeddingDimension { get; init; } = 4;

    public int? TextEmbeddingDimension { get; init; }

    /// <summary>Crop size (and shortest edge) of the image preprocessing.</summary>
    public int ImageSize { get; init; } = 4;

    /// <summary>Channels the image encoder declares (3 for a valid model).</summary>
    public int ImageChannels { get; init; } = 3;

    public string PixelValuesName { get; init; } = "pixel_values";

    public bool WithAttentionMask { get; init; } = true;

    /// <summary>Tokens per text; fixed in the graph when <see cref="StaticContext"/>, else read from tokenizer_config.json.</summary>
    public int ContextLength { get; init; } = 8;

    public bool StaticContext { get; init; }

    /// <summary>The tiny vocabulary: special tokens, every letter and some punctuation (bare and with &lt;/w&gt;), and the merged words of <see cref="Merges"/>.</summary>
    public static IReadOnlyDictionary<string, int> Vocabulary { get; } = BuildVocabulary();

    /// <summary>Merges that make "cat&lt;/w&gt;" and "dog&lt;/w&gt;" single tokens.</summary>
    public static IReadOnlyList<string> Merges { get; } = ["c a", "ca t</w>", "d o", "do g</w>"];

    public static float TokenEmbedding(int token, int j) => (((token * 7) + (j * 3)) % 11 - 5) / 4f;

    /// <summary>Row c of the image projection: the channel mean goes to column c, and every channel also to column 3 and beyond.</summary>
    public static float ImageProjection(int channel, int j) => j < 3 ? (channel == j ? 1f : 0f) : 1f;

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteVision(Path.Combine(directory, "vision_model.onnx"));
        WriteText(Path.Combine(directory, "text_model.onnx"));
        WriteTokenizer(directory, ContextLength);
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["crop_size"] = new Dictionary<string, int> { ["height"] = ImageSize, ["width"] = ImageSize },
            ["do_center_crop"] = true,
            ["do_normalize"] = true,
            ["do_resize"] = true,
            ["image_mean"] = new[] { 0.48145466, 0.4578275, 0.40821073 },
            ["image_std"] = new[] { 0.26862954, 0.26130258, 0.27577711 },
            ["resample"] = 3,
            ["rescale_factor"] = 1 / 255.0,
            ["size"] = new Dictionary<string, int> { ["shortest_edge"] = ImageSize },
        }));
    }

    /// <summary>Writes vocab.json, merges.txt and tokenizer_config.json.</summary>
    public static void WriteTokenizer(string directory, int contextLength)
    {
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(Vocabulary));
        File.WriteAllText(Path.Combine(directory, "merges.txt"), "#version: 0.2\n" + string.Join("\n", Merges) + "\n");
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_max_length"] = contextLength,
            ["pad_token"] = EndToken,
        }));
    }

    private void WriteVision(string path)
    {
        var d = EmbeddingDimension;
        var projection = new float[ImageChannels * d];
        for (var c = 0; c < ImageChannels; c++)
        {
            for (var j = 0; j < d; j++)
            {
                projection[(c * d) + j] = ImageProjection(c, j);
            }
        }

        new OnnxGraphBuilder("tiny_clip_vision")
            .Input(PixelValuesName, OnnxElementType.Float, "batch", ImageChannels, ImageSize, ImageSize)
            .Output("image_embeds", OnnxElementType.Float, "batch", d)
            .Initializer("projection", projection, ImageChannels, d)
            .Node("GlobalAveragePool", [PixelValuesName], ["pooled"])
            .Node("Flatten", ["pooled"], ["means"], ("axis", 1))
            .Node("MatMul", ["means", "projection"], ["image_embeds"])
            .Save(path);
    }

    private void WriteText(string path)
    {
        var d = TextEmbeddingDimension ?? EmbeddingDimension;
        var embeddings = new float[Vocabulary.Count * d];
        for (var t = 0; t < Vocabulary.Count; t++)
        {
            for (var j = 0; j < d; j++)
            {
                embeddings[(t * d) + j] = TokenEmbedding(t, j);
            }
        }

        object length = StaticContext ? ContextLength : "sequence";
        var graph = new OnnxGraphBuilder("tiny_clip_text")
            .Input("input_ids", OnnxElementType.Int64, "batch", length)
            .Output("text_embeds", OnnxElementType.Float, "batch", d)
            .Initializer("token_embeddings", embeddings, Vocabulary.Count, d)
            .Initializer("sequence_axis", [1L], 1)
            .Node("Gather", ["token_embeddings", "input_ids"], ["embedded"]);
        if (WithAttentionMask)
        {
            graph.Input("attention_mask", OnnxElementType.Int64, "batch", length)
                .Initializer("last_axis", [2L], 1)
                .Node("Cast", ["attention_mask"], ["mask_float"], ("to", (int)OnnxElementType.Float))
                .Node("Unsqueeze", ["mask_float", "last_axis"], ["mask_column"])
                .Node("Mul", ["embedded", "mask_column"], ["kept"])
                .Node("ReduceSum", ["kept", "sequence_axis"], ["text_embeds"], ("keepdims", 0));
        }
        else
        {
            graph.Node("ReduceSum", ["embedded", "sequence_axis"], ["text_embeds"], ("keepdims", 0));
        }

        graph.Save(path);
    }

    private static Dictionary<string, int> BuildVocabulary()
    {
        var tokens = new List<string> { StartToken, EndToken };
        foreach (var c in "abcdefghijklmnopqrstuvwxyz!.,'")
        {
            tokens.Add(c.ToString());
            tokens.Add(c + "</w>");
        }

        tokens.AddRange(["ca", "cat</w>", "do", "dog</w>"]);
        return tokens.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id);
    }
}
