namespace Mmoe.Fusion;

/// <summary>The two unimodal predictions for one post (true = positive).</summary>
public readonly record struct UnimodalLabels(bool ImageOnly, bool TextOnly)
{
    public bool Agree => ImageOnly == TextOnly;
}
