namespace Mmoe.Detection;

/// <summary>The raw outputs a backend computes for one post, before fusion.</summary>
public sealed record ExpertScores
{
    public required BinaryLogits Redundancy { get; init; }

    public required BinaryLogits Uniqueness { get; init; }

    public required BinaryLogits Synergy { get; init; }

    /// <summary>The router's raw scores for R, U and S.</summary>
    public required InteractionScores Router { get; init; }

    /// <summary>The baseline model (trained on all data), when the backend has one.</summary>
    public BinaryLogits? Baseline { get; init; }

    public UnimodalEvidence Unimodal { get; init; } = new(null, null);
}
