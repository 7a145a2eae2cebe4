namespace Mmoe.Evaluation;

/// <summary>
/// Positive-class metrics with scikit-learn's conventions: a ratio with a zero denominator is 0
/// (precision when nothing is predicted positive, recall when nothing is positive, F1 when both are 0).
/// </summary>
public sealed record BinaryMetrics(double F1, double Precision, double Recall, double Accuracy, ConfusionMatrix Confusion)
{
    public int Count => Confusion.Total;

    public static BinaryMetrics Compute(IReadOnlyList<bool> targets, IReadOnlyList<bool> predictions) =>
        FromConfusion(ConfusionMatrix.From(targets, predictions));

    public static BinaryMetrics FromConfusion(ConfusionMatrix confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        if (confusion.Total == 0)
        {
            throw new ArgumentException("Metrics need at least one item.", nameof(confusion));
        }

        var precision = Ratio(confusion.TruePositives, confusion.TruePositives + confusion.FalsePositives);
        var recall = Ratio(confusion.TruePositives, confusion.TruePositives + confusion.FalseNegatives);
        // sklearn's form of F1, which stays defined when precision or recall is 0.
        var f1 = Ratio(2 * confusion.TruePositives, (2 * confusion.TruePositives) + confusion.FalsePositives + confusion.FalseNegatives);
        var accuracy = (double)(confusion.TruePositives + confusion.TrueNegatives) / confusion.Total;
        return new BinaryMetrics(f1, precision, recall, accuracy, confusion);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
