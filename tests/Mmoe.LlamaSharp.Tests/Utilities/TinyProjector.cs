namespace Mmoe.LlamaSharp.Tests.Utilities;

/// <summary>
/// A llava-style multimodal projector GGUF (mtmd's "mlp" type) with random weights: a one-block CLIP vision encoder
/// over 16×16 images in 8×8 patches and a two-layer MLP into the text model's width.
/// </summary>
internal sealed record TinyProjector(int TextEmbedding, int Embedding = 32, int Heads = 4, int FeedForward = 64, int ImageSize = 16, int PatchSize = 8)
{
    public void Write(string path, int seed = 1)
    {
        var random = new Random(seed);
        var patches = (ImageSize / PatchSize) * (ImageSize / PatchSize);
        var writer = new GgufWriter()
            .Add("general.architecture", "clip")
            .Add("general.name", "tiny-projector-test")
            .Add("clip.projector_type", "mlp")
            .Add("clip.has_vision_encoder", true)
            .Add("clip.use_gelu", true)
            .Add("clip.vision.embedding_length", (uint)Embedding)
            .Add("clip.vision.feed_forward_length", (uint)FeedForward)
            .Add("clip.vision.block_count", 1u)
            .Add("clip.vision.attention.head_count", (uint)Heads)
            .Add("clip.vision.attention.layer_norm_epsilon", 1e-6f)
            .Add("clip.vision.image_size", (uint)ImageSize)
            .Add("clip.vision.patch_size", (uint)PatchSize)
            .Add("clip.vision.projection_dim", (uint)TextEmbedding)
            .Add("clip.vision.image_mean", [0.5f, 0.5f, 0.5f])
            .Add("clip.vision.image_std", [0.5f, 0.5f, 0.5f]);

        writer.AddTensor("v.patch_embd.weight", [PatchSize, PatchSize, 3, Embedding], Random(random, PatchSize * PatchSize * 3 * Embedding, 0.1f));
        writer.AddTensor("v.patch_embd.bias", [Embedding], Random(random, Embedding, 0.1f));
        writer.AddTensor("v.position_embd.weight", [Embedding, patches], Random(random, Embedding * patches, 0.1f));
        writer.AddTensor("v.pre_ln.weight", [Embedding], Ones(Embedding));
        writer.AddTensor("v.pre_ln.bias", [Embedding], new float[Embedding]);
        const string block = "v.blk.0.";
        foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_out" })
        {
            writer.AddTensor(block + name + ".weight", [Embedding, Embedding], Random(random, Embedding * Embedding, 0.3f));
            writer.AddTensor(block + name + ".bias", [Embedding], Random(random, Embedding, 0.1f));
        }

        writer.AddTensor(block + "ln1.weight", [Embedding], Ones(Embedding));
        writer.AddTensor(block + "ln1.bias", [Embedding], new float[Embedding]);
        writer.AddTensor(block + "ln2.weight", [Embedding], Ones(Embedding));
        writer.AddTensor(block + "ln2.bias", [Embedding], new float[Embedding]);
        writer.AddTensor(block + "ffn_up.weight", [Embedding, FeedForward], Random(random, Embedding * FeedForward, 0.3f));
        writer.AddTensor(block + "ffn_up.bias", [FeedForward], Random(random, FeedForward, 0.1f));
        writer.AddTensor(block + "ffn_down.weight", [FeedForward, Embedding], Random(random, FeedForward * Embedding, 0.3f));
        writer.AddTensor(block + "ffn_down.bias", [Embedding], Random(random, Embedding, 0.1f));
        writer.AddTensor("mm.0.weight", [Embedding, TextEmbedding], Random(random, Embedding * TextEmbedding, 0.3f));
        writer.AddTensor("mm.0.bias", [TextEmbedding], Random(random, TextEmbedding, 0.1f));
        writer.AddTensor("mm.2.weight", [TextEmbedding, TextEmbedding], Random(random, TextEmbedding * TextEmbedding, 0.3f));
        writer.AddTensor("mm.2.bias", [TextEmbedding], Random(random, TextEmbedding, 0.1f));
        writer.Write(path);
    }

    /// <summary>An uncompressed 24-bit BMP of <paramref name="size"/>², a colour gradient (one of the formats mtmd decodes).</summary>
    public static byte[] GradientBmp(int size, int shift = 0)
    {
        var rowBytes = (size * 3 + 3) / 4 * 4;
        var pixels = rowBytes * size;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)'B');
        writer.Write((byte)'M');
        writer.Write(54 + pixels);
        writer.Write(0);
        writer.Write(54);
        writer.Write(40);
        writer.Write(size);
        writer.Write(size);
        writer.Write((short)1);
        writer.Write((short)24);
        writer.Write(0);
        writer.Write(pixels);
        writer.Write(2835);
        writer.Write(2835);
        writer.Write(0);
        writer.Write(0);
        for (var y = 0; y < size; y++)
        {
            var row = new byte[rowBytes];
            for (var x = 0; x < size; x++)
            {
                row[x * 3] = (byte)((x * 16 + shift) & 0xFF);
                row[x * 3 + 1] = (byte)((y * 16 + shift) & 0xFF);
                row[x * 3 + 2] = (byte)(((x + y) * 8 + shift) & 0xFF);
            }

            writer.Write(row);
        }

        writer.Flush();
        return stream.ToArray();
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
