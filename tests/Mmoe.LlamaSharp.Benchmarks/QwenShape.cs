using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Benchmarks;

/// <summary>The published Qwen2 shapes (config.json of Qwen2-0.5B, 1.5B and 7B), written as random-weight GGUFs with the real vocabulary.</summary>
internal sealed record QwenShape(string Name, int Embedding, int Layers, int Heads, int KvHeads, int FeedForward, bool TiedEmbeddings)
{
    public static QwenShape Parse(string name) => name.ToLowerInvariant() switch
    {
        "0.5b" => new("0.5b", 896, 24, 14, 2, 4864, true),
        "1.5b" => new("1.5b", 1536, 28, 12, 2, 8960, true),
        "7b" => new("7b", 3584, 28, 28, 4, 18944, false),
        _ => throw new ArgumentException($"--shape is 0.5b, 1.5b or 7b, not '{name}'."),
    };

    private int KvEmbedding => Embedding / Heads * KvHeads;

    public void WriteModel(string path, GgmlTensorType type)
    {
        var vocabulary = QwenVocabulary.Qwen2;
        var writer = TinyQwen2.Header("qwen2", $"qwen2-{Name}-random", 32768, Embedding, Layers, FeedForward, Heads, KvHeads, vocabulary);
        var seed = 1;
        writer.AddRandomTensor("token_embd.weight", [Embedding, vocabulary.Tokens.Length], type, seed++, 0.05f);
        if (!TiedEmbeddings)
        {
            writer.AddRandomTensor("output.weight", [Embedding, vocabulary.Tokens.Length], type, seed++, 0.05f);
        }

        writer.AddRandomTensor("output_norm.weight", [Embedding], GgmlTensorType.F32, seed++, 1f);
        for (var layer = 0; layer < Layers; layer++)
        {
            var blk = $"blk.{layer}.";
            writer.AddRandomTensor(blk + "attn_norm.weight", [Embedding], GgmlTensorType.F32, seed++, 1f);
            writer.AddRandomTensor(blk + "attn_q.weight", [Embedding, Embedding], type, seed++, 0.05f);
            writer.AddRandomTensor(blk + "attn_q.bias", [Embedding], GgmlTensorType.F32, seed++, 0.05f);
            writer.AddRandomTensor(blk + "attn_k.weight", [Embedding, KvEmbedding], type, seed++, 0.05f);
            writer.AddRandomTensor(blk + "attn_k.bias", [KvEmbedding], GgmlTensorType.F32, seed++, 0.05f);
            writer.AddRandomTensor(blk + "attn_v.weight", [Embedding, KvEmbedding], type, seed++, 0.05f);
            writer.AddRandomTensor(blk + "attn_v.bias", [KvEmbedding], GgmlTensorType.F32, seed++, 0.05f);
            writer.AddRandomTensor(blk + "attn_output.weight", [Embedding, Embedding], type, seed++, 0.05f);
            writer.AddRandomTensor(blk + "ffn_norm.weight", [Embedding], GgmlTensorType.F32, seed++, 1f);
            writer.AddRandomTensor(blk + "ffn_gate.weight", [Embedding, FeedForward], type, seed++, 0.05f);
            writer.AddRandomTensor(blk + "ffn_up.weight", [Embedding, FeedForward], type, seed++, 0.05f);
            writer.AddRandomTensor(blk + "ffn_down.weight", [FeedForward, Embedding], type, seed++, 0.05f);
        }

        writer.Write(path);
    }

    /// <summary>The reference's PEFT adapter (r = 16, alpha = 32, q_proj and k_proj), as llama.cpp's converter lays it out.</summary>
    public void WriteAdapter(string path, int seed, int rank = 16)
    {
        var writer = new GgufWriter()
            .Add("general.architecture", "qwen2")
            .Add("general.type", "adapter")
            .Add("adapter.type", "lora")
            .Add("adapter.lora.alpha", 32f);
        for (var layer = 0; layer < Layers; layer++)
        {
            foreach (var (target, outputs) in new[] { ("attn_q", Embedding), ("attn_k", KvEmbedding) })
            {
                var name = $"blk.{layer}.{target}.weight";
                writer.AddRandomTensor(name + ".lora_a", [Embedding, rank], GgmlTensorType.F32, seed * 1000 + layer * 2, 0.05f);
                writer.AddRandomTensor(name + ".lora_b", [rank, outputs], GgmlTensorType.F32, seed * 1000 + layer * 2 + 1, 0.05f);
            }
        }

        writer.Write(path);
    }
}
