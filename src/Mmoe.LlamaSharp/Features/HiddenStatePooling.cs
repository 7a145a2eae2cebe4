namespace Mmoe.LlamaSharp.Features;

/// <summary>Which hidden states of a post's prompt become its feature vector.</summary>
public enum HiddenStatePooling
{
    /// <summary>The final (normed) hidden state at the prompt's last token: where the LoRA experts read their answer.</summary>
    Last = 0,

    /// <summary>The mean of the final hidden states over every prompt token.</summary>
    Mean = 1,
}
