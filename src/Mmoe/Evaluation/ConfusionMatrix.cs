namespace Mmoe.Evaluation;

/// <summary>Counts for the positive class (label true = sarcastic / humorous).</summary>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public static ConfusionMatrix From(IReadOnlyList<bool> targets, IReadOnlyList<bool> predictions)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        if (targets.Count != predictions.Count)
        {
            throw new ArgumentException(
                $"There are {targets.Count} targets but {predictions.Count} predictions; they must pair up.", nameof(predictions));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            switch (targets[i], predictions[i])
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; break;
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
