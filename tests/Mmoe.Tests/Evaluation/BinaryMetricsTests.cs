using Mmoe.Evaluation;

namespace Mmoe.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void ComputesPositiveClassMetricsFromTheConfusionMatrix()
    {
        // TP = 2, FP = 1, TN = 1, FN = 1: P = 2/3, R = 2/3, F1 = 2/3, accuracy = 3/5.
        bool[] targets = [true, true, false, false, true];
        bool[] predictions = [true, true, true, false, false];
        var metrics = BinaryMetrics.Compute(targets, predictions);
        Assert.Equal(new ConfusionMatrix(2, 1, 1, 1), metrics.Confusion);
        Assert.Equal(2.0 / 3, metrics.Precision, 12);
        Assert.Equal(2.0 / 3, metrics.Recall, 12);
        Assert.Equal(2.0 / 3, metrics.F1, 12);
        Assert.Equal(0.6, metrics.Accuracy, 12);
    }

    [Fact]
    public void F1IsTheHarmonicMeanWhenPrecisionAndRecallDiffer()
    {
        // TP = 1, FP = 3, FN = 0: P = 1/4, R = 1, F1 = 2·(1/4)/(5/4) = 0.4.
        var metrics = BinaryMetrics.Compute([true, false, false, false], [true, true, true, true]);
        Assert.Equal(0.4, metrics.F1, 12);
    }

    [Fact]
    public void PrecisionIsZeroWhenNothingIsPredictedPositive()
    {
        var metrics = BinaryMetrics.Compute([true, false], [false, false]);
        Assert.Equal(0, metrics.Precision);
        Assert.Equal(0, metrics.Recall);
        Assert.Equal(0, metrics.F1);
        Assert.Equal(0.5, metrics.Accuracy);
    }

    [Fact]
    public void RecallIsZeroWhenNothingIsPositive()
    {
        var metrics = BinaryMetrics.Compute([false, false], [true, false]);
        Assert.Equal(0, metrics.Recall);
        Assert.Equal(0, metrics.F1);
    }

    [Fact]
    public void MismatchedLengthsAndEmptyInputAreErrors()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([true], [true, false]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([], []));
    }
}
