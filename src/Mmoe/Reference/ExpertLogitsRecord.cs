namespace Mmoe.Reference;

/// <summary>One line of an expert logits file: <c>{"image_id", "logits": [no, yes], "target"}</c>.</summary>
public sealed record ExpertLogitsRecord(string Id, BinaryLogits Logits, bool Target);
