using Mmoe.Evaluation;

namespace Mmoe.Tests.Evaluation;

public sealed class ProbabilityMetricsTests
{
    [Fact]
    public void EceWeighsEachBinsGapBetweenPositiveShareAndMeanProbability()
    {
        // Bin [0.2, 0.3): p = 0.2, 0.2, labels 0, 1 → share 0.5, mean 0.2, gap 0.3, weight 2/4.
        // Bin [0.9, 1.0]: p = 0.9, 1.0, labels 1, 1 → share 1, mean 0.95, gap 0.05, weight 2/4.
        var ece = ProbabilityMetrics.ExpectedCalibrationError([false, true, true, true], [0.2, 0.2, 0.9, 1.0]);
        Assert.Equal((0.5 * 0.3) + (0.5 * 0.05), ece, 12);
    }

    [Fact]
    public void EceIsZeroWhenEveryBinIsRightOnAverage()
    {
        // Four posts at 0.5, half positive: one bin, share 0.5, mean 0.5.
        Assert.Equal(0, ProbabilityMetrics.ExpectedCalibrationError([true, false, true, false], [0.5, 0.5, 0.5, 0.5]), 12);
        Assert.Equal(0, ProbabilityMetrics.ExpectedCalibrationError([true, true, false, false], [1.0, 1.0, 0.0, 0.0]), 12);
    }

    [Fact]
    public void TemperatureRescalesLogOddsAndKeepsOneHalf()
    {
        // logit(0.8) = ln 4; halved (T = 2) it is ln 2, i.e. p = 2/3.
        Assert.Equal(2.0 / 3, ProbabilityMetrics.ApplyTemperature(0.8, 2), 12);
        Assert.Equal(0.5, ProbabilityMetrics.ApplyTemperature(0.5, 0.3), 12);
        Assert.Equal(0.8, ProbabilityMetrics.ApplyTemperature(0.8, 1), 12);
    }

    [Fact]
    public void FittedTemperatureSoftensOverconfidentProbabilities()
    {
        // Posts scored 0.95 / 0.05 are right only 3 times in 4: the log loss is lowest where σ(logit(0.95)/T) = 0.75,
        // i.e. T = ln(19) / ln(3) ≈ 2.680.
        var targets = new List<bool>();
        var probabilities = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            targets.AddRange([i < 3, i >= 3]);
            probabilities.AddRange([0.95, 0.05]);
        }

        var temperature = ProbabilityMetrics.FitTemperature(targets, probabilities);
        Assert.Equal(Math.Log(19) / Math.Log(3), temperature, 3);
        Assert.Equal(0.75, ProbabilityMetrics.ApplyTemperature(0.95, temperature), 3);
    }

    [Fact]
    public void BestF1ThresholdPicksTheLowestThresholdWithTheBestF1()
    {
        // Positives at 0.3 and 0.7, a negative at 0.5: any threshold in (0.05, 0.3] calls all three positive (F1 0.8);
        // thresholds in (0.5, 0.7] keep one positive (F1 2/3); the lowest of the best is 0.05.
        Assert.Equal(0.05, ProbabilityMetrics.BestF1Threshold([true, false, true], [0.3, 0.5, 0.7]), 12);
        // Positives at 0.6 and 0.7, negatives at 0.2 and 0.4: everything in (0.4, 0.6] is perfect; 0.41 is the lowest.
        Assert.Equal(0.41, ProbabilityMetrics.BestF1Threshold([false, false, true, true], [0.2, 0.4, 0.6, 0.7]), 12);
    }

    [Fact]
    public void BootstrapIntervalOfAPairedDifferenceIsReproducibleAndBracketsTheEstimate()
    {
        bool[] truth = [true, true, false, false, true, false, true, false, true, true];
        bool[] a = [true, true, false, true, true, false, true, false, false, true];
        bool[] b = [true, false, true, true, false, false, true, false, false, true];
        var first = BootstrapInterval.Compute(truth.Length, rows => BootstrapInterval.F1(truth, a, rows) - BootstrapInterval.F1(truth, b, rows), 500, 7);
        var second = BootstrapInterval.Compute(truth.Length, rows => BootstrapInterval.F1(truth, a, rows) - BootstrapInterval.F1(truth, b, rows), 500, 7);
        Assert.Equal(first, second);
        // Full sample: F1(a) = 2·5/(10 + 1 + 1) = 10/12, F1(b) = 2·3/(6 + 2 + 3) = 6/11.
        Assert.Equal((10.0 / 12) - (6.0 / 11), first.Estimate, 12);
        Assert.True(first.Low <= first.Estimate && first.Estimate <= first.High);
        Assert.True(first.Low < first.High);
    }

    [Fact]
    public void BootstrapF1CountsRepeatedRows()
    {
        bool[] truth = [true, false];
        bool[] predicted = [true, true];
        // Rows 0, 1, 1: TP 1, FP 2 → F1 = 2/(2 + 2) = 0.5.
        Assert.Equal(0.5, BootstrapInterval.F1(truth, predicted, [0, 1, 1]), 12);
    }
}
