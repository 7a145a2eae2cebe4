namespace Mmoe.Detection;

/// <summary>Each expert's probability that the post is positive (sarcastic / humorous).</summary>
public sealed record ExpertProbabilities(double Redundancy, double Uniqueness, double Synergy, double? Baseline);
