namespace Mmoe;

/// <summary>Two-class scores in the reference's order: index 0 = negative ("no"), index 1 = positive ("yes").</summary>
public readonly record struct BinaryLogits(double Negative, double Positive)
{
    /// <summary>Class index of the larger score; a tie goes to class 0, as numpy's argmax does.</summary>
    public int ArgMax() => Positive > Negative ? 1 : 0;

    /// <summary>Softmax probabilities, computed stably so very large logits do not overflow.</summary>
    public BinaryLogits Softmax()
    {
        var max = Math.Max(Negative, Positive);
        var negative = Math.Exp(Negative - max);
        var positive = Math.Exp(Positive - max);
        var sum = negative + positive;
        return new BinaryLogits(negative / sum, positive / sum);
    }

    /// <summary>Softmax probability of the positive class.</summary>
    public double PositiveProbability() => Softmax().Positive;
}
