namespace Mmoe.Captions;

/// <summary>
/// A post's caption after a captioning run. Posts whose images have the same bytes share one caption:
/// <see cref="SameImageAs"/> names the first post with those bytes, and <see cref="Outcome"/> is that image's.
/// </summary>
/// <param name="PostId">The post.</param>
/// <param name="ImagePath">Its image file, or null when it has none.</param>
/// <param name="ImageSha256">The image's SHA-256 (lower-case hex), or null when it has none or it could not be read.</param>
/// <param name="Caption">The caption, or null (no image, or a failure).</param>
/// <param name="Outcome">How the caption was obtained.</param>
/// <param name="SameImageAs">The earlier post whose image has the same bytes, or null.</param>
/// <param name="Error">Why the image failed, or null.</param>
public sealed record PostCaption(
    string PostId, string? ImagePath, string? ImageSha256, string? Caption, CaptionOutcome Outcome, string? SameImageAs = null, string? Error = null);
