namespace Mmoe.LlamaSharp;

/// <summary>Which vocabulary entries an expert's yes/no (and the router's 1/2/3) logits are read from.</summary>
public enum AnswerTokenStyle
{
    /// <summary>
    /// What the reference's training and evaluation read: the first token of "yes", "no", "1", "2", "3"
    /// tokenized without a leading space. Use this for adapters trained by the reference code.
    /// </summary>
    Reference = 0,

    /// <summary>" yes" / " no" with a leading space: the natural continuation of a prompt ending in "Answer:".</summary>
    LeadingSpace = 1,
}
