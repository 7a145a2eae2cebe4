namespace Mmoe.Fusion;

/// <summary>Everything known about one post at fusion time.</summary>
public sealed record FusionInput
{
    public required BinaryLogits Redundancy { get; init; }

    public required BinaryLogits Uniqueness { get; init; }

    public required BinaryLogits Synergy { get; init; }

    /// <summary>The router's raw scores for R, U and S (before softmax).</summary>
    public InteractionScores? RouterLogits { get; init; }

    /// <summary>The post's true interaction type; only an oracle may use it.</summary>
    public InteractionType? TrueInteraction { get; init; }

    public UnimodalLabels? Unimodal { get; init; }

    public BinaryLogits Expert(InteractionType type) => type switch
    {
        InteractionType.Redundancy => Redundancy,
        InteractionType.Uniqueness => Uniqueness,
        InteractionType.Synergy => Synergy,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    internal IEnumerable<BinaryLogits> Experts()
    {
        yield return Redundancy;
        yield return Uniqueness;
        yield return Synergy;
    }
}
