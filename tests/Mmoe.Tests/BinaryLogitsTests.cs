namespace Mmoe.Tests;

public sealed class BinaryLogitsTests
{
    [Fact]
    public void ArgMaxTieGoesToClassZeroAsNumpyDoes() => Assert.Equal(0, new BinaryLogits(1.5, 1.5).ArgMax());

    [Theory]
    [InlineData(0.0, 1.0, 1)]
    [InlineData(1.0, 0.0, 0)]
    [InlineData(-3.0, -2.0, 1)]
    public void ArgMaxPicksTheLargerScore(double negative, double positive, int expected) =>
        Assert.Equal(expected, new BinaryLogits(negative, positive).ArgMax());

    [Fact]
    public void SoftmaxOfLogThreeGapIsOneQuarterThreeQuarters()
    {
        var probabilities = new BinaryLogits(0, Math.Log(3)).Softmax();
        Assert.Equal(0.25, probabilities.Negative, 12);
        Assert.Equal(0.75, probabilities.Positive, 12);
    }

    [Fact]
    public void SoftmaxDoesNotOverflowOnHugeLogits()
    {
        var probabilities = new BinaryLogits(1000, 1000 + Math.Log(3)).Softmax();
        Assert.Equal(0.75, probabilities.Positive, 12);
    }

    [Fact]
    public void RouterSoftmaxAndArgMaxBreakTiesTowardsRedundancy()
    {
        var weights = new InteractionScores(2, 2, 1).Softmax();
        Assert.Equal(InteractionType.Redundancy, weights.ArgMax());
        Assert.Equal(1.0, weights.Redundancy + weights.Uniqueness + weights.Synergy, 12);
        Assert.Equal(weights.Redundancy, weights.Uniqueness, 12);
        Assert.Equal(InteractionType.Synergy, new InteractionScores(0, 1, 1.5).ArgMax());
    }
}
