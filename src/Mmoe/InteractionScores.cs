namespace Mmoe;

/// <summary>One score per interaction type: the router's raw logits, or the weights after softmax.</summary>
public readonly record struct InteractionScores(double Redundancy, double Uniqueness, double Synergy)
{
    public double this[InteractionType type] => type switch
    {
        InteractionType.Redundancy => Redundancy,
        InteractionType.Uniqueness => Uniqueness,
        InteractionType.Synergy => Synergy,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public InteractionScores Softmax()
    {
        var max = Math.Max(Redundancy, Math.Max(Uniqueness, Synergy));
        var r = Math.Exp(Redundancy - max);
        var u = Math.Exp(Uniqueness - max);
        var s = Math.Exp(Synergy - max);
        var sum = r + u + s;
        return new InteractionScores(r / sum, u / sum, s / sum);
    }

    /// <summary>The type with the largest score; ties go to the earlier type (R, then U, then S).</summary>
    public InteractionType ArgMax()
    {
        var best = InteractionType.Redundancy;
        if (Uniqueness > this[best])
        {
            best = InteractionType.Uniqueness;
        }

        if (Synergy > this[best])
        {
            best = InteractionType.Synergy;
        }

        return best;
    }
}
