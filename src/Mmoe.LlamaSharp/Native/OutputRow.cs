namespace Mmoe.LlamaSharp.Native;

/// <summary>Receives the last prompt position's output row (logits, or the hidden state in an embeddings context) of prompt <c>index</c>.</summary>
internal delegate void OutputRow(int index, ReadOnlySpan<float> row);
