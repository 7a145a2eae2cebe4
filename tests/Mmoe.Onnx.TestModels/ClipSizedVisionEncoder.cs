namespace Mmoe.Onnx.TestModels;

/// <summary>
/// A stand-in for a real CLIP image encoder, for benchmarks when no export is at hand: the compute of ViT-B/32
/// (about 4.4 GFLOPs per 224×224 image: a 32×32-patch convolution to 768 channels, then residual 768→3072→768 MLP
/// blocks over the 49 patches, mean pooling and a projection to 512) with random weights. It has no attention, so it
/// approximates the cost, not the behaviour, of CLIP.
/// </summary>
public static class ClipSizedVisionEncoder
{
    public const int ImageSize = 224;
    public const int EmbeddingDimension = 512;
    private const int Patch = 32;
    private const int Width = 768;
    private const int Hidden = 3072;
    private const int Blocks = 9;

    public static void Write(string path, int seed = 1)
    {
        var random = new Random(seed);
        float[] Weights(int count, float scale) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * 2 * scale)).ToArray();
        var patches = (ImageSize / Patch) * (ImageSize / Patch);
        var graph = new OnnxGraphBuilder("clip_sized_vision")
            .Input("pixel_values", OnnxElementType.Float, "batch", 3, ImageSize, ImageSize)
            .Output("image_embeds", OnnxElementType.Float, "batch", EmbeddingDimension)
            .Initializer("patch_weights", Weights(Width * 3 * Patch * Patch, 0.02f), Width, 3, Patch, Patch)
            .Initializer("up", Weights(Width * Hidden, 0.02f), Width, Hidden)
            .Initializer("down", Weights(Hidden * Width, 0.02f), Hidden, Width)
            .Initializer("projection", Weights(Width * EmbeddingDimension, 0.05f), Width, EmbeddingDimension)
            .Initializer("token_shape", [0L, Width, patches], 3)
            .Node("Conv", ["pixel_values", "patch_weights"], ["patch_grid"], ("strides", new long[] { Patch, Patch }), ("kernel_shape", new long[] { Patch, Patch }))
            .Node("Reshape", ["patch_grid", "token_shape"], ["channels_first"])
            .Node("Transpose", ["channels_first"], ["h0"], ("perm", new long[] { 0, 2, 1 }));
        for (var b = 0; b < Blocks; b++)
        {
            graph.Node("MatMul", [$"h{b}", "up"], [$"up{b}"])
                .Node("Relu", [$"up{b}"], [$"act{b}"])
                .Node("MatMul", [$"act{b}", "down"], [$"down{b}"])
                .Node("Add", [$"h{b}", $"down{b}"], [$"h{b + 1}"]);
        }

        graph.Node("ReduceMean", [$"h{Blocks}"], ["pooled"], ("axes", new long[] { 1 }), ("keepdims", 0))
            .Node("MatMul", ["pooled", "projection"], ["image_embeds"])
            .Save(path);
    }
}
