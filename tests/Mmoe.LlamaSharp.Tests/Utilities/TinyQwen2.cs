namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>A Qwen2-architecture GGUF with random weights: 2 layers, tiny width, any vocabulary.</summary>
internal sealed record TinyQwen2(int Embedding = 32, int Heads = 4, int KvHeads = 2, int FeedForward = 64, int Layers = 2)
{
    public int KvEmbedding => Embedding / Heads * KvHeads;

    public void WriteModel(string path, QwenVocabulary vocabulary, int seed = 1, string architecture = "qwen2")
    {
        var random = new Random(seed);
        var writer = Header(architecture, "tiny-qwen2-test", 4096, Embedding, Layers, FeedForward, Heads, KvHeads, vocabulary);

        writer.AddTensor("token_embd.weight", [Embedding, vocabulary.Tokens.Length], Random(random, Embedding * vocabulary.Tokens.Length, 1f));
        writer.AddTensor("output_norm.weight", [Embedding], Ones(Embedding));
        for (var layer = 0; layer < Layers; layer++)
        {
            var blk = $"blk.{layer}.";
            writer.AddTensor(blk + "attn_norm.weight", [Embedding], Ones(Embedding));
            writer.AddTensor(blk + "attn_q.weight", [Embedding, Embedding], Random(random, Embedding * Embedding, 0.3f));
            writer.AddTensor(blk + "attn_q.bias", [Embedding], Random(random, Embedding, 0.1f));
            writer.AddTensor(blk + "attn_k.weight", [Embedding, KvEmbedding], Random(random, Embedding * KvEmbedding, 0.3f));
            writer.AddTensor(blk + "attn_k.bias", [KvEmbedding], Random(random, KvEmbedding, 0.1f));
            writer.AddTensor(blk + "attn_v.weight", [Embedding, KvEmbedding], Random(random, Embedding * KvEmbedding, 0.3f));
            writer.AddTensor(blk + "attn_v.bias", [KvEmbedding], Random(random, KvEmbedding, 0.1f));
            writer.AddTensor(blk + "attn_output.weight", [Embedding, Embedding], Random(random, Embedding * Embedding, 0.3f));
            writer.AddTensor(blk + "ffn_norm.weight", [Embedding], Ones(Embedding));
            writer.AddTensor(blk + "ffn_gate.weight", [Embedding, FeedForward], Random(random, Embedding * FeedForward, 0.3f));
            writer.AddTensor(blk + "ffn_up.weight", [Embedding, FeedForward], Random(random, Embedding * FeedForward, 0.3f));
            writer.AddTensor(blk + "ffn_down.weight", [FeedForward, Embedding], Random(random, FeedForward * Embedding, 0.3f));
        }

        writer.Write(path);
    }

    /// <summary>The metadata of a Qwen2-architecture GGUF (shapes and the tokenizer), before its tensors.</summary>
    public static GgufWriter Header(
        string architecture, string name, uint contextLength, int embedding, int layers, int feedForward, int heads, int kvHeads, QwenVocabulary vocabulary) =>
        new GgufWriter()
            .Add("general.architecture", architecture)
            .Add("general.name", name)
            .Add($"{architecture}.context_length", contextLength)
            .Add($"{architecture}.embedding_length", (uint)embedding)
            .Add($"{architecture}.block_count", (uint)layers)
            .Add($"{architecture}.feed_forward_length", (uint)feedForward)
            .Add($"{architecture}.attention.head_count", (uint)heads)
            .Add($"{architecture}.attention.head_count_kv", (uint)kvHeads)
            .Add($"{architecture}.rope.freq_base", 1_000_000f)
            .Add($"{architecture}.attention.layer_norm_rms_epsilon", 1e-6f)
            .Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.pre", "qwen2")
            .Add("tokenizer.ggml.tokens", vocabulary.Tokens)
            .Add("tokenizer.ggml.token_type", vocabulary.TokenTypes)
            .Add("tokenizer.ggml.merges", vocabulary.Merges)
            .Add("tokenizer.ggml.bos_token_id", (uint)QwenVocabulary.EndOfText)
            .Add("tokenizer.ggml.eos_token_id", (uint)QwenVocabulary.ImEnd)
            .Add("tokenizer.ggml.padding_token_id", (uint)QwenVocabulary.EndOfText)
            .Add("tokenizer.ggml.add_bos_token", false);

    /// <summary>
    /// A LoRA adapter on q_proj and k_proj of every layer, like the reference's PEFT adapters (r = 16, alpha = 32),
    /// in the layout llama.cpp's convert_lora_to_gguf.py writes. <paramref name="embeddingOverride"/> makes it
    /// fit a model of another width.
    /// </summary>
    public void WriteAdapter(string path, int seed, int rank = 16, float alpha = 32, int? embeddingOverride = null, string architecture = "qwen2", bool dropLoraB = false, Action<GgufWriter>? extraMetadata = null)
    {
        var random = new Random(seed);
        var width = embeddingOverride ?? Embedding;
        var kvWidth = width / Heads * KvHeads;
        var writer = new GgufWriter()
            .Add("general.architecture", architecture)
            .Add("general.type", "adapter")
            .Add("adapter.type", "lora")
            .Add("adapter.lora.alpha", alpha);
        extraMetadata?.Invoke(writer);
        for (var layer = 0; layer < Layers; layer++)
        {
            foreach (var (target, outputs) in new[] { ("attn_q", width), ("attn_k", kvWidth) })
            {
                var name = $"blk.{layer}.{target}.weight";
                writer.AddTensor(name + ".lora_a", [width, rank], Random(random, width * rank, 0.3f));
                if (!dropLoraB)
                {
                    writer.AddTensor(name + ".lora_b", [rank, outputs], Random(random, rank * outputs, 0.3f));
                }
            }
        }

        writer.Write(path);
    }

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static float[] Random(Random random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }
}
