namespace Mmoe.LlamaSharp.Gguf;

/// <summary>Storage sizes of ggml tensor types, to tell a complete file from a truncated one.</summary>
internal static class GgmlTypes
{
    // type id -> (bytes per block, elements per block), from ggml's type traits.
    private static readonly Dictionary<uint, (int Bytes, int Elements)> Blocks = new()
    {
        [0] = (4, 1), [1] = (2, 1), [2] = (18, 32), [3] = (20, 32), [6] = (22, 32), [7] = (24, 32),
        [8] = (34, 32), [9] = (36, 32), [10] = (84, 256), [11] = (110, 256), [12] = (144, 256),
        [13] = (176, 256), [14] = (210, 256), [15] = (292, 256), [16] = (66, 256), [17] = (74, 256),
        [18] = (98, 256), [19] = (50, 256), [20] = (18, 32), [21] = (110, 256), [22] = (82, 256),
        [23] = (136, 256), [24] = (1, 1), [25] = (2, 1), [26] = (4, 1), [27] = (8, 1), [28] = (8, 1),
        [29] = (56, 256), [30] = (2, 1), [34] = (54, 256), [35] = (66, 256),
    };

    public static long? ByteCount(uint type, long elements) =>
        Blocks.TryGetValue(type, out var block) ? elements / block.Elements * block.Bytes : null;
}
