namespace Mmoe.Captions;

/// <summary>How a post got its caption, or why it has none.</summary>
public enum CaptionOutcome
{
    /// <summary>The captioner described the image in this run.</summary>
    Captioned,

    /// <summary>The caption was read from the cache (the same bytes captioned earlier by the same captioner).</summary>
    FromCache,

    /// <summary>The post has no image file.</summary>
    NoImage,

    /// <summary>The image could not be read or captioned; <see cref="PostCaption.Error"/> says why.</summary>
    Failed,
}
