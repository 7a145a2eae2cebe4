namespace Mmoe.LlamaSharp.Gguf;

/// <summary>
/// One tensor's header entry. <see cref="Shape"/> is in ggml order (fastest-varying dimension first), so a
/// matrix mapping n_in to n_out inputs has shape [n_in, n_out].
/// </summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Shape, uint GgmlType, ulong Offset)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>Bytes of tensor data, or null for a ggml type this reader does not know.</summary>
    public long? ByteCount => GgmlTypes.ByteCount(GgmlType, ElementCount);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
