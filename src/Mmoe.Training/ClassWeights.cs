namespace Mmoe.Training;

/// <summary>
/// Loss weights of the two classes of a binary head. <see cref="Balancing"/> gives each class half of the total weight,
/// so a head learns as if both classes were equally common instead of assuming the prior of its training data.
/// </summary>
internal readonly record struct ClassWeights(double Negative, double Positive)
{
    /// <summary>Weights n / (2·n_class): the mean weight over the items stays 1. Null when a class is absent.</summary>
    public static ClassWeights? Balancing(IReadOnlyCollection<long> labels)
    {
        var positives = labels.Count(label => label == 1);
        var negatives = labels.Count - positives;
        return positives == 0 || negatives == 0
            ? null
            : new ClassWeights(labels.Count / (2.0 * negatives), labels.Count / (2.0 * positives));
    }
}
