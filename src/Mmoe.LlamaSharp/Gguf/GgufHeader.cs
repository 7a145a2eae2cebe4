namespace Mmoe.LlamaSharp.Gguf;

/// <summary>
/// Everything in a GGUF file before the tensor data: metadata and tensor directory. Metadata values are
/// <see cref="long"/>, <see cref="ulong"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, or
/// arrays of those (<c>string[]</c>, <c>long[]</c>, ...).
/// </summary>
public sealed record GgufHeader
{
    public required string FilePath { get; init; }

    public required uint Version { get; init; }

    public required IReadOnlyDictionary<string, object> Metadata { get; init; }

    public required IReadOnlyList<GgufTensorInfo> Tensors { get; init; }

    /// <summary>Where tensor data begins (aligned), in bytes from the start of the file.</summary>
    public required long DataOffset { get; init; }

    public required long FileLength { get; init; }

    public string? Architecture => GetString("general.architecture");

    public string? GetString(string key) => Metadata.TryGetValue(key, out var value) ? value as string : null;

    public long? GetInteger(string key) => Metadata.TryGetValue(key, out var value)
        ? value switch { long l => l, ulong u => (long)u, _ => null }
        : null;

    public double? GetFloat(string key) => Metadata.TryGetValue(key, out var value) && value is double d ? d : null;

    public GgufTensorInfo? FindTensor(string name) => Tensors.FirstOrDefault(tensor => tensor.Name == name);
}
