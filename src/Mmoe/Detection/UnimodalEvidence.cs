namespace Mmoe.Detection;

/// <summary>What each modality says on its own: the probability of positive, or null when the modality is absent.</summary>
public sealed record UnimodalEvidence(double? TextOnly, double? ImageOnly);
