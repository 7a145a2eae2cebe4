namespace Mmoe.Evaluation;

/// <summary>A percentile bootstrap interval: the estimate on the full sample and the 2.5th and 97.5th percentiles over resamples.</summary>
public sealed record BootstrapInterval(double Estimate, double Low, double High, int Resamples)
{
    /// <summary>
    /// Resamples items with replacement (seeded, so the interval is reproducible) and recomputes
    /// <paramref name="statistic"/> on each resample's item indices. Paired comparisons pass a statistic that scores
    /// both systems on the same resampled items, e.g. F1(MMoE) − F1(baseline).
    /// </summary>
    public static BootstrapInterval Compute(int count, Func<IReadOnlyList<int>, double> statistic, int resamples = 1000, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var all = Enumerable.Range(0, count).ToArray();
        var estimate = statistic(all);
        var random = new Random(seed);
        var values = new double[resamples];
        var sample = new int[count];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < count; i++)
            {
                sample[i] = random.Next(count);
            }

            values[r] = statistic(sample);
        }

        Array.Sort(values);
        return new BootstrapInterval(estimate, Percentile(values, 0.025), Percentile(values, 0.975), resamples);
    }

    /// <summary>F1 of the positive class of <paramref name="predictions"/> on the items <paramref name="rows"/>.</summary>
    public static double F1(IReadOnlyList<bool> targets, IReadOnlyList<bool> predictions, IReadOnlyList<int> rows)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var i in rows)
        {
            if (predictions[i])
            {
                if (targets[i])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else if (targets[i])
            {
                fn++;
            }
        }

        var denominator = (2 * tp) + fp + fn;
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
