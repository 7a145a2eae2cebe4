namespace Mmoe.Captions;

/// <summary>One post to caption: its id and its image file, or null when the post has no image.</summary>
public sealed record CaptionRequest(string PostId, string? ImagePath);
