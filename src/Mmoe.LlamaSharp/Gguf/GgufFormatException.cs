namespace Mmoe.LlamaSharp.Gguf;

/// <summary>A file is not a readable GGUF file (wrong magic, unsupported version, truncated header or data).</summary>
public sealed class GgufFormatException(string message) : Exception(message);
