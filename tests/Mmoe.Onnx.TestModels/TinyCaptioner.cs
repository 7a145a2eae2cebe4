using System.Text.Json;

namespace Mmoe.Onnx.TestModels;

/// <summary>
/// A tiny vision encoder–decoder with past key values whose greedy output is known: it says "a cat on the mat"
/// for a mostly red image and "a dog on the mat" for a mostly blue one, then the end token. The decoder counts the
/// tokens it has seen through its past key and value tensors and reads the next token's logits from a table row per
/// position, plus an image term (mean red → "cat", mean blue → "dog") that only decides the position where the table
/// row is flat; so a decoder that lost its past would repeat itself instead.
/// </summary>
public sealed record TinyCaptioner
{
    public const int EndId = 0;

    /// <summary>GPT-2-style tokens: the end token doubles as the start token.</summary>
    public static string[] Tokens { get; } = ["<|endoftext|>", "a", "Ġcat", "Ġdog", "Ġon", "Ġthe", "Ġmat"];

    /// <summary>Rows of the position table; captions longer than this cannot be asked for.</summary>
    public const int TableRows = 40;

    public int ImageSize { get; init; } = 4;

    /// <summary><c>max_length</c> written to generation_config.json (counts the start token, as in Hugging Face).</summary>
    public int MaxLength { get; init; } = 20;

    /// <summary>When false the table never reaches the end token: the caption repeats "mat" until the length limit.</summary>
    public bool EmitsEnd { get; init; } = true;

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteEncoder(Path.Combine(directory, "encoder_model.onnx"));
        WriteDecoder(Path.Combine(directory, "decoder_model.onnx"), withPast: false);
        WriteDecoder(Path.Combine(directory, "decoder_with_past_model.onnx"), withPast: true);
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(Tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        File.WriteAllText(Path.Combine(directory, "merges.txt"), "#version: 0.2\n");
        File.WriteAllText(Path.Combine(directory, "generation_config.json"), JsonSerializer.Serialize(new Dictionary<string, int>
        {
            ["bos_token_id"] = EndId,
            ["decoder_start_token_id"] = EndId,
            ["eos_token_id"] = EndId,
            ["max_length"] = MaxLength,
        }));
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["do_normalize"] = true,
            ["do_resize"] = true,
            ["image_mean"] = new[] { 0.5, 0.5, 0.5 },
            ["image_std"] = new[] { 0.5, 0.5, 0.5 },
            ["resample"] = 2,
            ["rescale_factor"] = 1 / 255.0,
            ["size"] = new Dictionary<string, int> { ["height"] = ImageSize, ["width"] = ImageSize },
        }));
    }

    private void WriteEncoder(string path) =>
        new OnnxGraphBuilder("tiny_caption_encoder")
            .Input("pixel_values", OnnxElementType.Float, "batch", 3, ImageSize, ImageSize)
            .Output("last_hidden_state", OnnxElementType.Float, "batch", 1, 3)
            .Initializer("state_shape", [0L, 1, 3], 3)
            .Node("GlobalAveragePool", ["pixel_values"], ["pooled"])
            .Node("Reshape", ["pooled", "state_shape"], ["last_hidden_state"])
            .Save(path);

    private void WriteDecoder(string path, bool withPast)
    {
        var v = Tokens.Length;
        var identity = new float[v * v];
        for (var i = 0; i < v; i++)
        {
            identity[(i * v) + i] = 1;
        }

        // Row p holds the logits after p + 1 tokens (the start token included).
        string[] script = ["a", "", "Ġon", "Ġthe", "Ġmat"];
        var table = new float[TableRows * v];
        for (var p = 0; p < TableRows; p++)
        {
            var token = p < script.Length ? script[p] : EmitsEnd ? "<|endoftext|>" : "Ġmat";
            if (token.Length > 0)
            {
                table[(p * v) + Array.IndexOf(Tokens, token)] = 10;
            }
        }

        var image = new float[3 * v];
        image[(0 * v) + Array.IndexOf(Tokens, "Ġcat")] = 1; // mean red
        image[(2 * v) + Array.IndexOf(Tokens, "Ġdog")] = 1; // mean blue

        var graph = new OnnxGraphBuilder(withPast ? "tiny_caption_decoder_with_past" : "tiny_caption_decoder")
            .Input("input_ids", OnnxElementType.Int64, "batch", "sequence")
            .Input("encoder_hidden_states", OnnxElementType.Float, "batch", 1, 3)
            .Output("logits", OnnxElementType.Float, "batch", 1, v)
            .Output("present.0.key", OnnxElementType.Float, "batch", 1, "total", v)
            .Output("present.0.value", OnnxElementType.Float, "batch", 1, "total", v)
            .Initializer("one_hot", identity, v, v)
            .Initializer("table", table, TableRows, v)
            .Initializer("image_weights", image, 3, v)
            .Initializer("head_axis", [1L], 1)
            .Initializer("all_but_batch", [1L, 2, 3], 3)
            .Initializer("half", [0.5f])
            .Initializer("one", [1L])
            .Node("Gather", ["one_hot", "input_ids"], ["embedded"])
            .Node("Unsqueeze", ["embedded", "head_axis"], ["step_kv"]);
        if (withPast)
        {
            graph.Input("past_key_values.0.key", OnnxElementType.Float, "batch", 1, "past", v)
                .Input("past_key_values.0.value", OnnxElementType.Float, "batch", 1, "past", v)
                .Node("Concat", ["past_key_values.0.key", "step_kv"], ["present.0.key"], ("axis", 2))
                .Node("Concat", ["past_key_values.0.value", "step_kv"], ["present.0.value"], ("axis", 2));
        }
        else
        {
            graph.Node("Identity", ["step_kv"], ["present.0.key"])
                .Node("Identity", ["step_kv"], ["present.0.value"]);
        }

        // Tokens seen so far = (sum of the one-hot keys + sum of the one-hot values) / 2; both tensors must carry the history.
        graph.Node("ReduceSum", ["present.0.key", "all_but_batch"], ["key_count"], ("keepdims", 1))
            .Node("ReduceSum", ["present.0.value", "all_but_batch"], ["value_count"], ("keepdims", 1))
            .Node("Add", ["key_count", "value_count"], ["double_count"])
            .Node("Mul", ["double_count", "half"], ["count_4d"])
            .Node("Cast", ["count_4d"], ["count_int"], ("to", (int)OnnxElementType.Int64))
            .Node("Sub", ["count_int", "one"], ["position_4d"])
            .Node("Reshape", ["position_4d", "position_shape"], ["position"])
            .Initializer("position_shape", [-1L, 1], 2)
            .Node("Gather", ["table", "position"], ["table_logits"])
            .Node("MatMul", ["encoder_hidden_states", "image_weights"], ["image_logits"])
            .Node("Add", ["table_logits", "image_logits"], ["logits"])
            .Save(path);
    }
}
