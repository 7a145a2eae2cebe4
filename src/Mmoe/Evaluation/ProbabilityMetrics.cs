namespace Mmoe.Evaluation;

/// <summary>
/// Metrics of predicted probabilities rather than decisions: calibration (expected calibration
/// error) and the decision threshold that maximizes F1. Pure functions; the caller chooses the split (a threshold or a
/// temperature is fitted on validation and only reported on test).
/// </summary>
public static class ProbabilityMetrics
{
    /// <summary>
    /// Expected calibration error of the positive-class probability over <paramref name="bins"/> equal-width bins:
    /// Σ (n_bin / n) · |share of positives in the bin − mean probability in the bin|. 0 means "a probability of 0.9 is
    /// right 90% of the time" in every bin.
    /// </summary>
    public static double ExpectedCalibrationError(IReadOnlyList<bool> targets, IReadOnlyList<double> probabilities, int bins = 10)
    {
        Check(targets, probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var positives = new double[bins];
        var confidence = new double[bins];
        for (var i = 0; i < targets.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            var bin = Math.Min(bins - 1, (int)(p * bins));
            count[bin]++;
            positives[bin] += targets[i] ? 1 : 0;
            confidence[bin] += p;
        }

        double error = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                error += (double)count[b] / targets.Count * Math.Abs((positives[b] - confidence[b]) / count[b]);
            }
        }

        return error;
    }

    /// <summary>Mean negative log-likelihood of the labels under the probabilities (clamped away from 0 and 1).</summary>
    public static double LogLoss(IReadOnlyList<bool> targets, IReadOnlyList<double> probabilities)
    {
        Check(targets, probabilities);
        double sum = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-12, 1 - 1e-12);
            sum -= targets[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / targets.Count;
    }

    /// <summary>σ(logit(p) / T): temperature scaling of a probability. T &gt; 1 softens, T &lt; 1 sharpens; 0.5 stays 0.5.</summary>
    public static double ApplyTemperature(double probability, double temperature)
    {
        if (temperature == 1)
        {
            return probability;
        }

        var p = Math.Clamp(probability, 1e-12, 1 - 1e-12);
        var logit = Math.Log(p / (1 - p));
        return 1 / (1 + Math.Exp(-logit / temperature));
    }

    /// <summary>
    /// The temperature in [0.05, 20] that minimizes the log loss of <paramref name="probabilities"/> (golden-section
    /// search over log T; the loss is unimodal in T). Deterministic.
    /// </summary>
    public static double FitTemperature(IReadOnlyList<bool> targets, IReadOnlyList<double> probabilities)
    {
        Check(targets, probabilities);
        double Loss(double logT) => LogLoss(targets, probabilities.Select(p => ApplyTemperature(p, Math.Exp(logT))).ToList());
        double low = Math.Log(0.05), high = Math.Log(20);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - (ratio * (high - low));
        var b = low + (ratio * (high - low));
        double fa = Loss(a), fb = Loss(b);
        for (var i = 0; i < 80; i++)
        {
            if (fa <= fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - (ratio * (high - low));
                fa = Loss(a);
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + (ratio * (high - low));
                fb = Loss(b);
            }
        }

        return Math.Exp((low + high) / 2);
    }

    /// <summary>
    /// The threshold in {0.05, 0.06, …, 0.95} at which "probability ≥ threshold" has the highest F1 (the lowest such
    /// threshold on ties, so fewer posts sit on the boundary of a coarse grid).
    /// </summary>
    public static double BestF1Threshold(IReadOnlyList<bool> targets, IReadOnlyList<double> probabilities)
    {
        Check(targets, probabilities);
        var best = 0.5;
        var bestF1 = double.NegativeInfinity;
        for (var step = 5; step <= 95; step++)
        {
            var threshold = step / 100.0;
            var f1 = BinaryMetrics.Compute(targets, probabilities.Select(p => p >= threshold).ToList()).F1;
            if (f1 > bestF1 + 1e-12)
            {
                bestF1 = f1;
                best = threshold;
            }
        }

        return best;
    }

    private static void Check(IReadOnlyList<bool> targets, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(scores);
        if (targets.Count != scores.Count || targets.Count == 0)
        {
            throw new ArgumentException($"Need one score per target and at least one item (got {targets.Count} targets, {scores.Count} scores).");
        }
    }
}
