namespace Mmoe.Training.Tests;

public sealed class ClassWeightsTests
{
    [Fact]
    public void BalancingGivesEachClassHalfOfTheTotalWeight()
    {
        // 3 positives and 1 negative: n / (2·n_class) = 4/2 = 2 for the negative, 4/6 for each positive; each class sums to 2.
        var weights = ClassWeights.Balancing([1, 1, 0, 1])!.Value;
        Assert.Equal(2.0, weights.Negative, 12);
        Assert.Equal(2.0 / 3, weights.Positive, 12);
    }

    [Fact]
    public void BalancedLabelsWeighOne()
    {
        Assert.Equal(new ClassWeights(1, 1), ClassWeights.Balancing([0, 1, 1, 0]));
    }

    [Fact]
    public void ASingleClassCannotBeBalanced()
    {
        Assert.Null(ClassWeights.Balancing([1, 1, 1]));
        Assert.Null(ClassWeights.Balancing([]));
    }
}
