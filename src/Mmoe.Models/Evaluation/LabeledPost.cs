namespace Mmoe.Models.Evaluation;

/// <summary>A post with its true label (true = sarcastic / humorous).</summary>
public sealed record LabeledPost(SocialPost Post, bool Label)
{
    public string Id => Post.Id ?? throw new InvalidOperationException("Labeled posts need an id.");
}
