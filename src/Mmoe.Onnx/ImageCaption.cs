namespace Mmoe.Onnx;

/// <summary>A generated caption with its token ids (the end token not included).</summary>
/// <param name="Text">The decoded caption, trimmed.</param>
/// <param name="TokenIds">The generated ids in order.</param>
/// <param name="Truncated">True when decoding stopped at the length limit rather than at an end token.</param>
public sealed record ImageCaption(string Text, IReadOnlyList<int> TokenIds, bool Truncated);
