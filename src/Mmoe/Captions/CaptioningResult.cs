namespace Mmoe.Captions;

/// <summary>
/// Every post of a captioning run with its caption or the reason it has none, and the counts a user needs to judge
/// the run: distinct images captioned, read from the cache and failed, posts without an image, posts that share an
/// image with an earlier post.
/// </summary>
public sealed record CaptioningResult
{
    public CaptioningResult(IReadOnlyList<PostCaption> posts)
    {
        ArgumentNullException.ThrowIfNull(posts);
        Posts = posts;
        var images = posts.Where(post => post.SameImageAs is null).ToList();
        ImagesCaptioned = images.Count(post => post.Outcome == CaptionOutcome.Captioned);
        ImagesFromCache = images.Count(post => post.Outcome == CaptionOutcome.FromCache);
        ImagesFailed = images.Count(post => post.Outcome == CaptionOutcome.Failed);
        PostsWithoutImage = posts.Count(post => post.Outcome == CaptionOutcome.NoImage);
        PostsSharingAnImage = posts.Count(post => post.SameImageAs is not null);
        PostsCaptioned = posts.Count(post => post.Caption is not null);
    }

    /// <summary>Every post, in the order asked.</summary>
    public IReadOnlyList<PostCaption> Posts { get; }

    /// <summary>Distinct images the captioner described in this run.</summary>
    public int ImagesCaptioned { get; }

    /// <summary>Distinct images whose caption came from the cache.</summary>
    public int ImagesFromCache { get; }

    /// <summary>Distinct images that could not be read or captioned.</summary>
    public int ImagesFailed { get; }

    /// <summary>Posts with no image file (kept, without a caption).</summary>
    public int PostsWithoutImage { get; }

    /// <summary>Posts whose image has the same bytes as an earlier post's (captioned once, caption shared).</summary>
    public int PostsSharingAnImage { get; }

    /// <summary>Posts that have a caption.</summary>
    public int PostsCaptioned { get; }
}
