using System.Text;

namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>
/// Writes a random-weight Qwen2 GGUF at real shapes, streaming: matrices as Q8_0 (blocks of 32 int8 with one F16
/// scale), norms and biases as F32. Nothing is held in memory beyond one block, so a 0.5B model (≈ 0.5 GB) is cheap.
/// </summary>
internal static class Q8GgufWriter
{
    private const int Alignment = 32;
    private const uint F32 = 0;
    private const uint Q8_0 = 8;

    /// <summary>Qwen2-0.5B: 24 layers, hidden 896, 14 heads, 2 KV heads, FFN 4864, vocabulary 151,936.</summary>
    public static void WriteQwen2(string path, QwenVocabulary vocabulary, int layers = 24, int embedding = 896, int heads = 14, int kvHeads = 2, int feedForward = 4864, int seed = 1)
    {
        var kv = embedding / heads * kvHeads;
        var tensors = new List<(string Name, long[] Shape, uint Type)>
        {
            ("token_embd.weight", [embedding, vocabulary.Tokens.Length], Q8_0),
            ("output_norm.weight", [embedding], F32),
        };
        for (var layer = 0; layer < layers; layer++)
        {
            var blk = $"blk.{layer}.";
            tensors.AddRange(
            [
                (blk + "attn_norm.weight", [embedding], F32),
                (blk + "attn_q.weight", [embedding, embedding], Q8_0),
                (blk + "attn_q.bias", [embedding], F32),
                (blk + "attn_k.weight", [embedding, kv], Q8_0),
                (blk + "attn_k.bias", [kv], F32),
                (blk + "attn_v.weight", [embedding, kv], Q8_0),
                (blk + "attn_v.bias", [kv], F32),
                (blk + "attn_output.weight", [embedding, embedding], Q8_0),
                (blk + "ffn_norm.weight", [embedding], F32),
                (blk + "ffn_gate.weight", [embedding, feedForward], Q8_0),
                (blk + "ffn_up.weight", [embedding, feedForward], Q8_0),
                (blk + "ffn_down.weight", [feedForward, embedding], Q8_0),
            ]);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(0x46554747u);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        var metadata = new List<Action>();
        var count = 0;
        void Meta(string key, uint type, Action<BinaryWriter> write)
        {
            count++;
            metadata.Add(() =>
            {
                Text(writer, key);
                writer.Write(type);
                write(writer);
            });
        }

        Meta("general.architecture", 8, w => Text(w, "qwen2"));
        Meta("general.name", 8, w => Text(w, "random-qwen2-0.5b-shape"));
        Meta("qwen2.context_length", 4, w => w.Write(32768u));
        Meta("qwen2.embedding_length", 4, w => w.Write((uint)embedding));
        Meta("qwen2.block_count", 4, w => w.Write((uint)layers));
        Meta("qwen2.feed_forward_length", 4, w => w.Write((uint)feedForward));
        Meta("qwen2.attention.head_count", 4, w => w.Write((uint)heads));
        Meta("qwen2.attention.head_count_kv", 4, w => w.Write((uint)kvHeads));
        Meta("qwen2.rope.freq_base", 6, w => w.Write(1_000_000f));
        Meta("qwen2.attention.layer_norm_rms_epsilon", 6, w => w.Write(1e-6f));
        Meta("tokenizer.ggml.model", 8, w => Text(w, "gpt2"));
        Meta("tokenizer.ggml.pre", 8, w => Text(w, "qwen2"));
        Meta("tokenizer.ggml.tokens", 9, w => Strings(w, vocabulary.Tokens));
        Meta("tokenizer.ggml.token_type", 9, w =>
        {
            w.Write(5u);
            w.Write((ulong)vocabulary.TokenTypes.Length);
            foreach (var type in vocabulary.TokenTypes)
            {
                w.Write(type);
            }
        });
        Meta("tokenizer.ggml.merges", 9, w => Strings(w, vocabulary.Merges));
        Meta("tokenizer.ggml.bos_token_id", 4, w => w.Write((uint)QwenVocabulary.EndOfText));
        Meta("tokenizer.ggml.eos_token_id", 4, w => w.Write((uint)QwenVocabulary.ImEnd));
        Meta("tokenizer.ggml.padding_token_id", 4, w => w.Write((uint)QwenVocabulary.EndOfText));
        Meta("tokenizer.ggml.add_bos_token", 7, w => w.Write((byte)0));
        writer.Write((ulong)count);
        foreach (var write in metadata)
        {
            write();
        }

        ulong offset = 0;
        foreach (var (name, shape, type) in tensors)
        {
            Text(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(type);
            writer.Write(offset);
            offset += Aligned(Bytes(shape, type));
        }

        Pad(writer);
        var random = new Random(seed);
        var block = new byte[34];
        foreach (var (name, shape, type) in tensors)
        {
            var elements = shape.Aggregate(1L, (a, b) => a * b);
            if (type == F32)
            {
                var isNorm = name.EndsWith("norm.weight", StringComparison.Ordinal);
                for (var i = 0; i < elements; i++)
                {
                    writer.Write(isNorm ? 1f : (float)((random.NextDouble() * 2 - 1) * 0.02));
                }
            }
            else
            {
                // Scale so weights are about ±1/sqrt(fan-in): activations stay finite through 24 layers.
                var scale = (Half)(1.0 / Math.Sqrt(shape[0]) / 64);
                BitConverter.TryWriteBytes(block.AsSpan(0, 2), scale);
                for (long b = 0; b < elements / 32; b++)
                {
                    random.NextBytes(block.AsSpan(2));
                    writer.Write(block);
                }
            }

            Pad(writer);
        }
    }

    private static ulong Bytes(long[] shape, uint type)
    {
        var elements = (ulong)shape.Aggregate(1L, (a, b) => a * b);
        return type == F32 ? elements * 4 : elements / 32 * 34;
    }

    private static ulong Aligned(ulong size) => (size + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        var position = (ulong)writer.BaseStream.Position;
        writer.Write(new byte[(int)(Aligned(position) - position)]);
    }

    private static void Strings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(8u);
        writer.Write((ulong)values.Count);
        foreach (var value in values)
        {
            Text(writer, value);
        }
    }

    private static void Text(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
