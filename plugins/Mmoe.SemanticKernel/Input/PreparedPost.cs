namespace Mmoe.SemanticKernel.Input;

/// <summary>A post ready for the detector, and what was changed on the way (truncation and the like).</summary>
internal sealed record PreparedPost(SocialPost Post, IReadOnlyList<string> Warnings);
