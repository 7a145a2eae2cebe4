namespace Mmoe.SemanticKernel.Input;

/// <summary>
/// A post ready for the detector, what was changed on the way (truncation and the like), and where its caption came
/// from (<see cref="CaptionResult.FromCaller"/>, <see cref="CaptionResult.FromImageToText"/>, or null without one).
/// </summary>
internal sealed record PreparedPost(SocialPost Post, IReadOnlyList<string> Warnings, string? CaptionSource = null);
